import WorkerProtocol

/// Builds an `EstateDocument` straight from its normalised value, for the types every service repeats (the
/// document, services, slots, deployments and file references); the others go through `JSONValueDecoder`.
///
/// Measured on the release build with the 10,000-service estate of `bench/domain`: `JSONValueDecoder` (a coding
/// path and boxed keys for every field) took about 80 ms, this reader about 9 ms. It goes when the general
/// decoder gets that fast.
///
/// Reading follows the synthesised `Decodable` conformances field for field (a missing or `null` optional is nil,
/// anything else must have the field's type), so a document it reads equals the decoded one. It gives up with
/// `NormalizedReadFailure` on anything the normaliser should have prevented, or that it does not read the way the
/// decoder would (integers written as decimals, for one); the caller then decodes with `JSONValueDecoder`, whose
/// error names the field.
extension EstateDocument {
  /// Reads a normalised document.
  init(normalized value: JSONValue) throws(NormalizedReadFailure) {
    let reader = try NormalizedObjectReader(value)
    self.init(
      version: try reader.integer("version"),
      subscription: try reader.optionalDecoded("subscription"),
      services: try reader.array("services") { element throws(NormalizedReadFailure) in
        try ServiceEntry(normalized: element)
      },
      netcfg: try reader.optional("netcfg") { value throws(NormalizedReadFailure) in
        try FileReference(normalized: value)
      },
      asmExports: try reader.array("asmExports") { element throws(NormalizedReadFailure) in
        guard case .string(let path) = element else { throw NormalizedReadFailure() }
        return path
      },
      reservedIPs: try reader.decodedArray("reservedIPs"),
      gateways: try reader.decodedArray("gateways"),
      networkSecurityGroups: try reader.decodedArray("networkSecurityGroups"),
      routeTables: try reader.decodedArray("routeTables"),
      expressRouteCircuits: try reader.decodedArray("expressRouteCircuits"),
      peerings: try reader.decodedArray("peerings"),
      vnetTenants: try reader.decodedArray("vnetTenants"),
      quotas: try reader.decodedArray("quotas"),
      jitPolicies: try reader.decodedArray("jitPolicies"),
      rbacAssignments: try reader.decodedArray("rbacAssignments"))
  }
}

extension ServiceEntry {
  /// Reads a normalised service entry.
  init(normalized value: JSONValue) throws(NormalizedReadFailure) {
    let reader = try NormalizedObjectReader(value)
    self.init(
      name: try reader.string("name"),
      region: try reader.optionalString("region"),
      affinityGroup: try reader.optionalString("affinityGroup"),
      label: try reader.optionalString("label"),
      deployments: try SlotEntries(normalized: try reader.required("deployments")),
      autoscaleRules: try reader.decodedArray("autoscaleRules"),
      alerts: try reader.decodedArray("alerts"))
  }
}

extension SlotEntries {
  /// Reads normalised slots.
  init(normalized value: JSONValue) throws(NormalizedReadFailure) {
    let reader = try NormalizedObjectReader(value)
    self.init(
      production: try reader.optional("production") { value throws(NormalizedReadFailure) in
        try DeploymentEntry(normalized: value)
      },
      staging: try reader.optional("staging") { value throws(NormalizedReadFailure) in
        try DeploymentEntry(normalized: value)
      })
  }
}

extension DeploymentEntry {
  /// Reads a normalised deployment entry.
  init(normalized value: JSONValue) throws(NormalizedReadFailure) {
    let reader = try NormalizedObjectReader(value)
    self.init(
      name: try reader.optionalString("name"),
      status: try reader.optional("status") { value throws(NormalizedReadFailure) in
        guard case .string(let text) = value, let status = DeploymentStatus(rawValue: text) else {
          throw NormalizedReadFailure()
        }
        return status
      },
      label: try reader.optionalString("label"),
      csdef: try reader.optional("csdef") { value throws(NormalizedReadFailure) in
        try FileReference(normalized: value)
      },
      cscfg: try reader.optional("cscfg") { value throws(NormalizedReadFailure) in
        try FileReference(normalized: value)
      },
      asmExport: try reader.optionalString("asmExport"),
      reservedIP: try reader.optionalString("reservedIP"),
      virtualNetwork: try reader.optionalDecoded("virtualNetwork"),
      extensions: try reader.decodedArray("extensions"))
  }
}

extension FileReference {
  /// Reads a normalised file reference: a string is a path, an object holds `inline` text or else a `path`.
  init(normalized value: JSONValue) throws(NormalizedReadFailure) {
    if case .string(let path) = value {
      self = .path(path)
      return
    }
    let reader = try NormalizedObjectReader(value)
    if let text = try reader.optionalString("inline") {
      self = .inline(text)
    } else {
      self = .path(try reader.string("path"))
    }
  }
}

/// A normalised value that does not read the way `JSONValueDecoder` would surely decode it.
struct NormalizedReadFailure: Error {}

/// Reads the members of a normalised object as the synthesised `Decodable` conformances do.
struct NormalizedObjectReader {
  /// The object.
  let object: JSONObject

  init(_ value: JSONValue) throws(NormalizedReadFailure) {
    guard case .object(let object) = value else { throw NormalizedReadFailure() }
    self.object = object
  }

  /// A member that must be present and not `null`.
  func required(_ key: String) throws(NormalizedReadFailure) -> JSONValue {
    guard let value = object[key], value != .null else { throw NormalizedReadFailure() }
    return value
  }

  /// A member read by `read`, or nil when it is missing or `null`.
  func optional<T>(
    _ key: String, _ read: (JSONValue) throws(NormalizedReadFailure) -> T
  ) throws(NormalizedReadFailure) -> T? {
    guard let value = object[key], value != .null else { return nil }
    return try read(value)
  }

  /// A string member.
  func string(_ key: String) throws(NormalizedReadFailure) -> String {
    guard case .string(let text) = try required(key) else { throw NormalizedReadFailure() }
    return text
  }

  /// A string member, or nil when it is missing or `null`.
  func optionalString(_ key: String) throws(NormalizedReadFailure) -> String? {
    try optional(key) { value throws(NormalizedReadFailure) in
      guard case .string(let text) = value else { throw NormalizedReadFailure() }
      return text
    }
  }

  /// An integer member written as a whole number that fits `Int`.
  func integer(_ key: String) throws(NormalizedReadFailure) -> Int {
    guard case .number(let number) = try required(key), let value = Int(number.text) else {
      throw NormalizedReadFailure()
    }
    return value
  }

  /// An array member, each element read by `read`.
  func array<T>(
    _ key: String, _ read: (JSONValue) throws(NormalizedReadFailure) -> T
  ) throws(NormalizedReadFailure) -> [T] {
    guard case .array(let elements) = try required(key) else { throw NormalizedReadFailure() }
    var result: [T] = []
    result.reserveCapacity(elements.count)
    for element in elements { result.append(try read(element)) }
    return result
  }

  /// An array member decoded by `JSONValueDecoder` (an empty one without it).
  func decodedArray<Element: Decodable>(_ key: String) throws(NormalizedReadFailure) -> [Element] {
    guard case .array(let elements) = try required(key) else { throw NormalizedReadFailure() }
    if elements.isEmpty { return [] }
    do {
      return try JSONValueDecoder().decode([Element].self, from: .array(elements))
    } catch {
      throw NormalizedReadFailure()
    }
  }

  /// A member decoded by `JSONValueDecoder`, or nil when it is missing or `null`.
  func optionalDecoded<T: Decodable>(_ key: String) throws(NormalizedReadFailure) -> T? {
    guard let value = object[key], value != .null else { return nil }
    do {
      return try JSONValueDecoder().decode(T.self, from: value)
    } catch {
      throw NormalizedReadFailure()
    }
  }
}
