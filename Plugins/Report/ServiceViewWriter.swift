import EstateModel

/// Writes cloud service views and their contents entries straight into the page: the HTML of the `services`,
/// `finding`, `planRow` and `serviceEntries` templates, without the templates' per-field look-ups.
///
/// Large reports only (see ``ReportPage/serviceViews``). swift-mustache falls short there, measured on the release
/// build with 10,000 services in one network (bench/README.md, "Report speed (round 2, second pass)"): rendering
/// was 41% of the report's CPU, each field a look-up through the context stack (the name split at dots, casts of
/// every value to the library's protocols) and each value escaped character by character. This writer makes the
/// same bytes at a small fraction of that; `ServiceViewWriterTests` pins its output to the templates' on the
/// sample estate and on a generated estate of a few hundred services.
enum ServiceViewWriter {
  /// One view, as the `services` template writes it.
  static func write(_ view: ServiceView, to out: inout HTMLOutput) {
    out.raw("<details class=\"service ")
    out.raw(view.verdict.cssClass)
    out.raw("\" id=\"")
    out.escaped(view.anchor)
    out.raw(view.open ? "\" open>\n" : "\">\n")
    out.raw("<summary><span class=\"badge ")
    out.raw(view.verdict.cssClass)
    out.raw("\">")
    out.raw(view.verdict.rawValue)
    out.raw("</span> ")
    out.escaped(view.service)
    out.raw(" <span class=\"muted\">/ ")
    out.escaped(view.deployment)
    out.raw(" (")
    out.escaped(view.slot)
    out.raw(") · roles ")
    out.escaped(view.roles)
    out.raw(" · \(view.findingCount) findings</span></summary>\n")
    if !view.findings.isEmpty {
      out.raw(ReportTemplate.findingsHead)
      for finding in view.findings { write(finding, to: &out) }
      out.raw("</tbody></table>")
    }
    out.raw("\n")
    if !view.information.isEmpty {
      out.raw("<p class=\"muted\">Information: ")
      out.escaped(view.information.joined(separator: ", "))
      out.raw("</p>")
    }
    out.raw("\n")
    if view.findings.isEmpty && view.information.isEmpty {
      out.raw("<p class=\"muted\">No findings for this service.</p>")
    }
    out.raw("\n")
    if !view.armRows.isEmpty {
      out.raw(ReportTemplate.planHead)
      for row in view.armRows { write(row, to: &out) }
      out.raw("</tbody></table>")
    }
    out.raw("\n")
    if !view.armFindings.isEmpty {
      out.raw("<ul class=\"arm-findings\">")
      for finding in view.armFindings {
        out.raw("<li><span class=\"")
        out.escaped(finding.severity.rawValue)
        out.raw("\">")
        out.escaped(finding.severity.rawValue)
        out.raw("</span> <code>")
        out.escaped(finding.code)
        out.raw("</code> ")
        out.escaped(finding.message)
        out.raw("</li>")
      }
      out.raw("</ul>")
    }
    out.raw("\n</details>\n")
  }

  /// One finding, as the `finding` template writes it.
  static func write(_ row: FindingRow, to out: inout HTMLOutput) {
    let categoryClass = row.category.lowercased()
    out.raw("<tr class=\"")
    out.escaped(categoryClass)
    out.raw("\"><td class=\"")
    out.escaped(categoryClass)
    out.raw("\">")
    out.escaped(row.category)
    if let phase = row["phase"] {
      out.raw("<br><span class=\"muted\">")
      out.escaped(phase)
      out.raw("</span>")
    }
    out.raw("</td><td><code>")
    out.escaped(row["ruleId"] ?? "")
    out.raw("</code></td><td>")
    out.escaped(row["message"] ?? "")
    if let resourceName = row["resourceName"] {
      out.raw("<br><span class=\"muted\">")
      out.escaped(row["resourceType"] ?? "")
      out.raw(" ")
      out.escaped(resourceName)
      out.raw("</span>")
    }
    for (key, value) in row.extra {
      out.raw("<br><span class=\"muted\">")
      out.escaped(key)
      out.raw(": ")
      out.escaped(value)
      out.raw("</span>")
    }
    out.raw("</td><td>")
    out.escaped(row["fix"] ?? "")
    out.raw("</td><td>")
    if let link = row.link {
      out.raw("<a href=\"")
      out.escaped(link)
      out.raw("\">")
      out.escaped(row.location ?? "")
      out.raw("</a>")
    } else {
      out.escaped(row.location ?? "")
    }
    out.raw("</td></tr>\n")
  }

  /// One ARM plan row, as the `planRow` template writes it.
  static func write(_ row: PlanRow, to out: inout HTMLOutput) {
    out.raw("<tr><td>")
    out.escaped(row.classic)
    out.raw("</td><td class=\"to\">→</td><td><code>")
    out.escaped(row.type)
    out.raw("</code><br>")
    out.escaped(row.name)
    out.raw("</td><td>")
    out.escaped(row.resourceGroup)
    out.raw("</td><td>")
    out.escaped(row.sizes ?? "")
    out.raw("</td></tr>\n")
  }

  /// A view's entry in the table of contents, as the `serviceEntries` template writes it.
  static func writeEntry(_ view: ServiceView, to out: inout HTMLOutput) {
    out.raw("<li><a href=\"#")
    out.escaped(view.anchor)
    out.raw("\">")
    out.escaped(view.service)
    out.raw("</a> <span class=\"badge ")
    out.raw(view.verdict.cssClass)
    out.raw("\">")
    out.raw(view.verdict.rawValue)
    out.raw("</span></li>")
  }
}
