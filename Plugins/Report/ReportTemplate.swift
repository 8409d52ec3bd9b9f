/// The report's Mustache templates: one self-contained page with inline CSS and SVG, no script, no external URL.
///
/// The page is written in parts, in order (``ReportPageWriter``): `pageStart` (summary and contents), then for each
/// target `targetStart`, its cloud services' views and `targetEnd`, then `pageEnd`. Every estate value goes through
/// `{{name}}`, which HTML-escapes it (`<`, `>`, `&`, `"` and `'`); the one unescaped value,
/// `{{{serviceEntries}}}`, is the output of the `serviceEntries` template (or of ``ServiceViewWriter``, which
/// writes the same HTML), escaped the same way.
enum ReportTemplate {
  /// The page up to the table of contents, which lists every target and, as `serviceEntries` (made by the
  /// `serviceEntries` template or ``ServiceViewWriter``), its cloud services.
  static let pageStart = """
    <!DOCTYPE html>
    <html lang="en">
    <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>{{title}}</title>
    <style>
    {{> style}}
    </style>
    </head>
    <body>
    <header>
    <h1>{{title}}</h1>
    <p class="meta">Subscription {{subscription}} · rules revision {{rulesRevision}} · estate digest <code>{{digest}}</code> · report made {{generatedAt}}</p>
    </header>
    <section id="summary">
    <h2>Summary</h2>
    <div class="tiles">
    <div class="tile ready"><span class="count">{{counts.ready}}</span> ready</div>
    <div class="tile warnings"><span class="count">{{counts.warnings}}</span> ready with warnings</div>
    <div class="tile blocked"><span class="count">{{counts.blocked}}</span> blocked</div>
    <div class="tile"><span class="count">{{counts.total}}</span> targets</div>
    </div>
    {{#hasBlockers}}
    <h3>What blocks migration</h3>
    <ul class="blockers">{{#blockers}}<li><a href="#{{anchor}}">{{target}}</a>: <code>{{ruleId}}</code> {{message}}</li>
    {{/blockers}}</ul>{{#moreBlockers}}<p class="muted">{{moreBlockers}}</p>{{/moreBlockers}}
    {{/hasBlockers}}
    {{#hasRules}}
    <h3>Blockers and warnings by rule</h3>
    <table class="rules"><thead><tr><th>Rule</th><th>Category</th><th>Findings</th></tr></thead><tbody>
    {{#rules}}<tr><td><code>{{ruleId}}</code></td><td class="{{categoryClass}}">{{category}}</td><td class="num">{{count}}</td></tr>
    {{/rules}}</tbody></table>
    {{/hasRules}}
    {{#information}}<p class="muted">{{information}}</p>{{/information}}
    </section>
    <nav id="contents">
    <h2>Contents</h2>
    <ol>
    {{#targets}}<li><a href="#{{anchor}}">{{title}}</a> <span class="badge {{verdictClass}}">{{verdict}}</span>{{#hasServices}}<ul>{{{serviceEntries}}}</ul>{{/hasServices}}</li>
    {{/targets}}</ol>
    </nav>

    """

  /// The start of one target's section, up to its cloud services' views; ``ReportPage`` writes the views, then
  /// ``targetEnd``.
  static let targetStart = """
    <section class="target {{verdictClass}}" id="{{anchor}}">
    <h2><span class="badge {{verdictClass}}">{{verdict}}</span> {{title}}</h2>
    <p class="muted">{{findingCount}} findings · platform result: {{result}}</p>
    {{#lifecycle}}
    <div class="lifecycle"><h3>Lifecycle</h3><p>State <strong>{{state}}</strong>{{#commitAttempted}} · a Commit was attempted{{/commitAttempted}}</p>
    {{#hasOperations}}<table><thead><tr><th>#</th><th>When</th><th>Operation</th><th>Outcome</th><th>State</th><th>Message</th></tr></thead><tbody>
    {{#operations}}<tr><td class="num">{{sequence}}</td><td>{{at}}</td><td>{{operation}}</td><td>{{outcome}}</td><td>{{state}}</td><td>{{message}}</td></tr>
    {{/operations}}</tbody></table>{{/hasOperations}}{{^hasOperations}}<p class="muted">No operation recorded.</p>{{/hasOperations}}
    </div>
    {{/lifecycle}}
    {{#hasSharedFindings}}
    <h3>Findings for the target as a whole</h3>
    {{> findingsHead}}{{#sharedFindings}}{{> finding}}{{/sharedFindings}}</tbody></table>
    {{/hasSharedFindings}}
    {{#diagram}}
    <h3>Network before and after</h3>
    <figure class="diagram">
    <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {{width}} {{height}}" width="100%" role="img" aria-label="{{title}}">
    {{#boxes}}<rect x="{{x}}" y="{{y}}" width="{{width}}" height="{{height}}" rx="6" class="{{kind}}"/>
    {{/boxes}}{{#arrows}}<line x1="{{x1}}" y1="{{y}}" x2="{{x2}}" y2="{{y}}" class="arrow"/><polygon points="{{head}}" class="arrowhead"/>
    {{/arrows}}{{#texts}}<text x="{{x}}" y="{{y}}" class="{{kind}}"><title>{{full}}</title>{{text}}</text>
    {{/texts}}</svg>
    <figcaption>{{title}}. Red: removed before Prepare; green: recreated after Commit.</figcaption>
    </figure>
    {{/diagram}}
    {{#runbook}}
    <h3>Gateway runbook</h3>
    <p>Connectivity to {{downtimePrefixes}} stops between the marked steps.</p>
    <table class="runbook"><thead><tr><th>#</th><th>Stage</th><th>Action</th><th>Resource</th><th>What to do</th><th>Downtime</th></tr></thead><tbody>
    {{#steps}}<tr{{#downtime}} class="down"{{/downtime}}><td class="num">{{order}}</td><td>{{stage}}</td><td>{{action}}</td><td>{{resource}}</td><td>{{description}}</td><td>{{marker}}</td></tr>
    {{/steps}}</tbody></table>
    {{/runbook}}
    <h3>ARM plan</h3>
    {{#planError}}<p class="blocked">No ARM plan: {{planError}}</p>{{/planError}}
    {{#hasSharedArmRows}}{{> planHead}}{{#sharedArmRows}}{{> planRow}}{{/sharedArmRows}}</tbody></table>{{/hasSharedArmRows}}
    {{#hasArmFindings}}{{#armFindingGroups}}<details class="arm-findings"{{#open}} open{{/open}}><summary><span class="{{severity}}">{{severity}}</span> <code>{{code}}</code> × {{count}}</summary><ul class="arm-findings">{{#items}}<li>{{message}}</li>{{/items}}</ul></details>
    {{/armFindingGroups}}{{/hasArmFindings}}
    {{#hasServices}}<h3>Cloud services</h3>{{/hasServices}}

    """

  /// The end of one target's section, after its cloud services' views (plain HTML, written as it is).
  static let targetEnd = """

    </section>

    """

  /// The page after the last target's section.
  static let pageEnd = """
    <footer><p class="muted">Made offline by csmigrate {{version}}. Platform texts are Microsoft's; everything else is csmigrate's.</p></footer>
    </body>
    </html>

    """

  /// The contents' entries of a target's cloud services.
  static let serviceEntries = """
    {{#services}}<li><a href="#{{anchor}}">{{service}}</a> <span class="badge {{verdictClass}}">{{verdict}}</span></li>{{/services}}
    """

  /// Each cloud service's view: rendered apart from the page, a slice of the services at a time (see
  /// ``ReportRenderer/renderServices(_:)``), and written into the page as it is. ``ServiceViewWriter`` writes the
  /// same HTML for large reports.
  static let services = """
    {{#services}}
    <details class="service {{verdictClass}}" id="{{anchor}}"{{#open}} open{{/open}}>
    <summary><span class="badge {{verdictClass}}">{{verdict}}</span> {{service}} <span class="muted">/ {{deployment}} ({{slot}}) · roles {{roles}} · {{findingCount}} findings</span></summary>
    {{#hasFindings}}{{> findingsHead}}{{#findings}}{{> finding}}{{/findings}}</tbody></table>{{/hasFindings}}
    {{#hasInformation}}<p class="muted">Information: {{information}}</p>{{/hasInformation}}
    {{^hasFindings}}{{^hasInformation}}<p class="muted">No findings for this service.</p>{{/hasInformation}}{{/hasFindings}}
    {{#hasArmRows}}{{> planHead}}{{#armRows}}{{> planRow}}{{/armRows}}</tbody></table>{{/hasArmRows}}
    {{#hasArmFindings}}<ul class="arm-findings">{{#armFindings}}<li><span class="{{severity}}">{{severity}}</span> <code>{{code}}</code> {{message}}</li>{{/armFindings}}</ul>{{/hasArmFindings}}
    </details>
    {{/services}}

    """

  /// The head of a findings table.
  static let findingsHead = """
    <table class="findings"><thead><tr><th>Category</th><th>Rule</th><th>Finding</th><th>Fix</th><th>Where</th></tr></thead><tbody>
    """

  /// One finding: category (and phase), rule, the message with its resource, the fix and the file and line.
  static let finding = """
    <tr class="{{categoryClass}}"><td class="{{categoryClass}}">{{category}}{{#phase}}<br><span class="muted">{{phase}}</span>{{/phase}}</td><td><code>{{ruleId}}</code></td><td>{{message}}{{#resourceName}}<br><span class="muted">{{resourceType}} {{resourceName}}</span>{{/resourceName}}{{#extra}}<br><span class="muted">{{key}}: {{value}}</span>{{/extra}}</td><td>{{fix}}</td><td>{{#link}}<a href="{{link}}">{{where}}</a>{{/link}}{{^link}}{{where}}{{/link}}</td></tr>

    """

  /// The head of an ARM plan table.
  static let planHead = """
    <table class="plan"><thead><tr><th>Classic</th><th></th><th>Extended support resource</th><th>Resource group</th><th>Renamed sizes</th></tr></thead><tbody>
    """

  /// One ARM plan row: the classic source next to the resource it becomes.
  static let planRow = """
    <tr><td>{{classic}}</td><td class="to">→</td><td><code>{{type}}</code><br>{{name}}</td><td>{{resourceGroup}}</td><td>{{sizes}}</td></tr>

    """

  static let style = """
    @page { size: A4; margin: 14mm; }
    :root { --ready: #1a7f37; --warn: #9a6700; --block: #cf222e; --ink: #1f2328; --muted: #656d76; --line: #d0d7de; }
    body { font: 14px/1.45 system-ui, "Segoe UI", "DejaVu Sans", sans-serif; color: var(--ink); margin: 0 auto; max-width: 1100px; padding: 24px; }
    h1 { font-size: 26px; margin: 0 0 4px; } h2 { border-bottom: 2px solid var(--line); padding-bottom: 4px; margin-top: 28px; }
    h3 { font-size: 15px; margin: 18px 0 6px; }
    .meta, .muted { color: var(--muted); } code { font: 12px ui-monospace, "DejaVu Sans Mono", monospace; }
    .tiles { display: flex; gap: 12px; flex-wrap: wrap; }
    .tile { border: 1px solid var(--line); border-radius: 8px; padding: 10px 16px; min-width: 150px; background: #f6f8fa; }
    .tile .count { display: block; font-size: 28px; font-weight: 700; }
    .tile.ready { border-left: 6px solid var(--ready); } .tile.warnings { border-left: 6px solid var(--warn); }
    .tile.blocked { border-left: 6px solid var(--block); }
    table { border-collapse: collapse; width: 100%; margin: 6px 0 10px; font-size: 13px; }
    th, td { border: 1px solid var(--line); padding: 4px 6px; text-align: left; vertical-align: top; }
    th { background: #f6f8fa; } td.num { text-align: right; } td.to { text-align: center; color: var(--muted); }
    .badge { display: inline-block; border-radius: 10px; padding: 0 8px; font-size: 12px; font-weight: 600; color: #fff; }
    .badge.ready { background: var(--ready); } .badge.warnings { background: var(--warn); } .badge.blocked { background: var(--block); }
    td.error, span.error, p.blocked { color: var(--block); font-weight: 600; }
    td.warning, span.warning { color: var(--warn); font-weight: 600; } tr.error td { background: #fff5f5; }
    table.findings td:last-child, table.plan td:last-child { overflow-wrap: anywhere; }
    table.findings th:last-child { width: 19%; }
    nav ol { font-size: 13px; } nav ul { columns: 3; padding-left: 18px; margin: 2px 0 6px; }
    details.service { border: 1px solid var(--line); border-left: 6px solid var(--line); border-radius: 6px; margin: 14px 0; padding: 4px 14px 10px; }
    details.service.ready { border-left-color: var(--ready); } details.service.warnings { border-left-color: var(--warn); }
    details.service.blocked { border-left-color: var(--block); }
    summary { font-size: 17px; font-weight: 600; cursor: pointer; padding: 6px 0; }
    details.arm-findings summary { font-size: 13px; font-weight: 400; padding: 2px 0; }
    .chip { display: inline-block; background: #eef1f4; border-radius: 4px; padding: 0 6px; margin: 2px 0; font-size: 12px; }
    figure.diagram { margin: 8px 0; } figcaption { font-size: 12px; color: var(--muted); }
    svg text { font: 12px system-ui, "DejaVu Sans", sans-serif; fill: var(--ink); }
    svg text.column { font-weight: 700; font-size: 13px; } svg text.heading { font-weight: 600; }
    svg rect { fill: #f6f8fa; stroke: #8c959f; stroke-width: 1; }
    svg rect.network { fill: #ddf4ff; stroke: #0969da; } svg rect.subnet { fill: #fff; }
    svg rect.gateway.before { fill: #ffebe9; stroke: var(--block); stroke-dasharray: 6 3; stroke-width: 2; }
    svg rect.gateway.after { fill: #dafbe1; stroke: var(--ready); stroke-dasharray: 6 3; stroke-width: 2; }
    svg rect.addresses { fill: #fff8c5; stroke: #bf8700; } svg rect.unplaced { fill: #fff; stroke-dasharray: 3 3; }
    svg .arrow { stroke: #8c959f; stroke-width: 2; } svg .arrowhead { fill: #8c959f; }
    tr.down td { background: #ffebe9; } table.runbook td:last-child { font-weight: 600; color: var(--block); }
    ul.blockers { border: 1px solid var(--block); border-radius: 6px; background: #ffebe9; padding: 8px 8px 8px 28px; }
    footer { margin-top: 30px; border-top: 1px solid var(--line); }
    @media print {
      body { max-width: none; padding: 0; font-size: 11px; }
      details.service { break-inside: auto; } tr, figure { break-inside: avoid; } summary { list-style: none; }
      a { color: inherit; text-decoration: none; }
    }
    """
}
