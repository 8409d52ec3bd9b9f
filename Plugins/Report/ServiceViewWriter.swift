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
    let (verdict, verdictClass) = (HTMLPiece.markup(view.verdict.rawValue), HTMLPiece.markup(view.verdict.cssClass))
    out.write("<details class=\"service ", verdictClass, "\" id=\"", .text(view.anchor))
    out.raw(view.open ? "\" open>\n" : "\">\n")
    out.write(
      "<summary><span class=\"badge ", verdictClass, "\">", verdict, "</span> ", .text(view.service),
      " <span class=\"muted\">/ ", .text(view.deployment), " (", .text(view.slot), ") · roles ", .text(view.roles),
      .markup(" · \(view.findingCount) findings</span></summary>\n"))
    table(ReportTemplate.findingsHead, view.findings, to: &out) { finding, out in write(finding, to: &out) }
    out.raw("\n")
    if !view.information.isEmpty {
      out.write("<p class=\"muted\">Information: ", .text(view.information.joined(separator: ", ")), "</p>")
    }
    out.raw("\n")
    if view.findings.isEmpty && view.information.isEmpty {
      out.raw("<p class=\"muted\">No findings for this service.</p>")
    }
    out.raw("\n")
    table(ReportTemplate.planHead, view.armRows, to: &out) { row, out in write(row, to: &out) }
    out.raw("\n")
    if !view.armFindings.isEmpty {
      out.raw("<ul class=\"arm-findings\">")
      for finding in view.armFindings {
        let severity = HTMLPiece.text(finding.severity.rawValue)
        out.write(
          "<li><span class=\"", severity, "\">", severity, "</span> <code>", .text(finding.code), "</code> ",
          .text(finding.message), "</li>")
      }
      out.raw("</ul>")
    }
    out.raw("\n</details>\n")
  }

  /// A table's head, a row per item and its end, as `{{> head}}{{#rows}}{{> row}}{{/rows}}</tbody></table>` writes
  /// it; nothing without rows.
  private static func table<Row>(
    _ head: String, _ rows: [Row], to out: inout HTMLOutput, row: (Row, inout HTMLOutput) -> Void
  ) {
    guard !rows.isEmpty else { return }
    out.raw(head)
    for item in rows { row(item, &out) }
    out.raw("</tbody></table>")
  }

  /// One finding, as the `finding` template writes it.
  static func write(_ row: FindingRow, to out: inout HTMLOutput) {
    let categoryClass = HTMLPiece.text(row.category.lowercased())
    out.write("<tr class=\"", categoryClass, "\"><td class=\"", categoryClass, "\">", .text(row.category))
    if let phase = row["phase"] { out.write("<br><span class=\"muted\">", .text(phase), "</span>") }
    out.write("</td><td><code>", .text(row["ruleId"] ?? ""), "</code></td><td>", .text(row["message"] ?? ""))
    if let resourceName = row["resourceName"] {
      out.write(
        "<br><span class=\"muted\">", .text(row["resourceType"] ?? ""), " ", .text(resourceName), "</span>")
    }
    for (key, value) in row.extra { out.write("<br><span class=\"muted\">", .text(key), ": ", .text(value), "</span>") }
    out.write("</td><td>", .text(row["fix"] ?? ""), "</td><td>")
    if let link = row.link {
      out.write("<a href=\"", .text(link), "\">", .text(row.location ?? ""), "</a>")
    } else {
      out.escaped(row.location ?? "")
    }
    out.raw("</td></tr>\n")
  }

  /// One ARM plan row, as the `planRow` template writes it.
  static func write(_ row: PlanRow, to out: inout HTMLOutput) {
    out.write(
      "<tr><td>", .text(row.classic), "</td><td class=\"to\">→</td><td><code>", .text(row.type), "</code><br>",
      .text(row.name), "</td><td>", .text(row.resourceGroup), "</td><td>", .text(row.sizes ?? ""), "</td></tr>\n")
  }

  /// A view's entry in the table of contents, as the `serviceEntries` template writes it.
  static func writeEntry(_ view: ServiceView, to out: inout HTMLOutput) {
    out.write(
      "<li><a href=\"#", .text(view.anchor), "\">", .text(view.service), "</a> <span class=\"badge ",
      .markup(view.verdict.cssClass), "\">", .markup(view.verdict.rawValue), "</span></li>")
  }
}
