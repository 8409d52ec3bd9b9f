/// Estate documents that exercise every rule of the document normaliser: unknown keys, wrong types, values outside
/// an enumeration, missing required fields, defaults, `oneOf` file references, number forms, duplicate keys and
/// keys that only compare equal after Unicode normalisation.
enum DocumentNormalizationCases {
  /// The cases by name.
  static let all: [(name: String, text: String)] = [
    ("empty", "{}"),
    ("mistakes", mistakes),
    ("file-references", fileReferences),
    ("numbers", numbers),
    ("integer-too-large", #"{"version": 1e300}"#),
    (
      "integer-overflow",
      #"{"services": [{"name": "s", "alerts": [{"name": "a", "metric": "m", "windowMinutes": 1e19}]}]}"#
    ),
    ("keys", keys),
    ("wrong-containers", wrongContainers),
  ]

  static let mistakes = #"""
    {
      "$schema": "x",
      "version": "1",
      "colour": "blue",
      "": 1,
      "subscription": {"name": "no id", "extra": true},
      "services": [
        {"name": "a", "region": null, "label": 7, "affinityGroup": ["x"], "unknown": {}, "": 2,
         "deployments": {
           "production": {"name": "a-prod", "status": "Sleeping", "label": "L", "reservedIP": 4,
             "virtualNetwork": {"kind": "elsewhere", "name": "v"},
             "extensions": [
               {"name": "e1", "enabled": "yes", "roles": ["r1", 2, "r2"],
                "publicSettings": {"b": 1, "a": [1, {"z": 0, "y": 1}]}},
               {"type": "no name"},
               {"name": "e3", "protectedSettings": "secret", "publicSettings": null, "enabled": false}
             ]},
           "staging": {"status": 3, "virtualNetwork": {"name": "v"}, "asmExport": 5},
           "canary": {}
         },
         "autoscaleRules": [
           {"role": "r", "metric": "cpu", "slot": "Production", "direction": "Up", "threshold": "high",
            "changeCount": 1.5, "cooldownMinutes": 2.0, "enabled": 0},
           {"role": "r"},
           "not an object"
         ],
         "alerts": [{"name": "al", "metric": "m", "windowMinutes": -3, "threshold": 1e-3, "enabled": true}]
        },
        {"region": "West Europe"},
        {"name": 5},
        {"name": "b", "deployments": []},
        {"name": "c", "deployments": {"production": "nope"}, "autoscaleRules": {}, "alerts": null},
        7
      ],
      "reservedIPs": [{"name": "ip", "inUse": "yes"}, {"address": "1.2.3.4"}, {"name": "ip2", "inUse": true, "id": 1}],
      "gateways": [
        {"virtualNetwork": "v", "type": "Satellite", "connections": []},
        {"virtualNetwork": "v", "type": "VPN",
         "connections": [{"target": "t", "state": "Up"}, {"state": "Connected"}, {"target": "u", "sharedKey": "k"}],
         "bgpSettings": {"asn": 65000.0, "bgpPeeringAddress": 1, "weight": 2}},
        {"type": "ExpressRoute"}
      ],
      "networkSecurityGroups": [
        {"name": "n", "rules": [{"name": "r", "priority": "high", "direction": "Sideways", "action": "Deny"}, {}],
         "bindings": [{"virtualNetwork": "v", "subnet": 1, "gateway": "g"}]}
      ],
      "routeTables": [{"name": "rt", "routes": [{"name": "r1", "addressPrefix": "0.0.0.0/0"},
        {"name": "r2", "addressPrefix": "10.0.0.0/8", "nextHopType": "VirtualAppliance", "nextHopAddress": 5}]}],
      "expressRouteCircuits": [{"name": "c", "bandwidthMbps": 50.5, "linkedVirtualNetworks": ["v", null]}],
      "peerings": [{"name": "p", "virtualNetwork": "v"}],
      "vnetTenants": [{"virtualNetwork": "v", "kind": "mainframe", "name": "m"}, {"virtualNetwork": "v",
        "kind": "batch", "name": "b", "subnet": "s"}],
      "quotas": [{"region": "r", "resource": "cores", "limit": "10", "used": 1}],
      "jitPolicies": [{"name": "j", "service": "a", "ports": [3389, 1.5, "22", 5986.0], "roles": "all"}],
      "rbacAssignments": [{"principal": "p", "role": "Owner"}, {"principal": "p", "role": "Owner", "scope": "/",
        "principalType": false}]
    }
    """#

  static let fileReferences = #"""
    {
      "netcfg": {"path": "network.netcfg", "inline": "<x/>"},
      "services": [
        {"name": "s", "deployments": {
          "production": {"csdef": 5, "cscfg": {}},
          "staging": {"csdef": {"inline": 5}, "cscfg": {"path": null}}}},
        {"name": "t", "deployments": {
          "production": {"csdef": {"inline": "<ServiceDefinition/>", "extra": 1}, "cscfg": ["x"]},
          "staging": {"csdef": {"path": "a.csdef"}, "cscfg": null}}}
      ]
    }
    """#

  static let numbers = #"""
    {
      "version": 1.0,
      "services": [{"name": "n", "autoscaleRules": [
        {"role": "r", "metric": "m", "threshold": 1e400, "changeCount": 1E2, "cooldownMinutes": -0,
         "minimumInstances": 9007199254740993, "maximumInstances": 12345},
        {"role": "r", "metric": "m", "threshold": -1e400, "changeCount": 2.5e1, "cooldownMinutes": 0.000,
         "minimumInstances": 1e15, "maximumInstances": 3.0e0}
      ], "alerts": [{"name": "a", "metric": "m", "threshold": 0.1, "windowMinutes": 1e2}],
      "deployments": {"production": {"extensions": [{"name": "x",
        "publicSettings": [1.50, 2e0, -0.0, 1e400, 123456789012345678, 0.30000000000000004, 1e-7, 1e16]}]}}}],
      "quotas": [{"region": "r", "resource": "cores", "limit": 100.0, "used": 5e0}],
      "jitPolicies": [{"name": "j", "service": "s", "ports": [22, 3.0e3, 1e1], "maxRequestHours": 3}]
    }
    """#

  static let keys = #"""
    {
      "version": 1,
      "version": 2,
      "services": [{"name": "first", "name": "second", "label": "x", "label": 5,
        "deployments": {"production": {"extensions": [{"name": "x", "enabled": false,
          "publicSettings": {"b": 1, "a": 2, "b": 3, "\u00e9": "precomposed", "e\u0301": "combining", "a.b": 4,
            "": 5, "Z": 6, "z": 7}}]}}},
        {"name": "dots", "a.b": 1, "\u00e9": 2, "e\u0301": 3, "naïve": 4}],
      "rbacAssignments": [{"principal": "p", "role": "r", "scope": "s", "scope": 1}]
    }
    """#

  static let wrongContainers = #"""
    {
      "subscription": "s",
      "services": {"name": "x"},
      "netcfg": true,
      "asmExports": ["a.xml", 1, null, ["b"]],
      "reservedIPs": "ip",
      "gateways": null,
      "networkSecurityGroups": [[]],
      "routeTables": 5,
      "expressRouteCircuits": [{"name": "c", "linkedVirtualNetworks": "v"}],
      "peerings": false,
      "vnetTenants": [null],
      "quotas": {},
      "jitPolicies": [{"name": "j", "service": "s", "ports": {"a": 1}}],
      "rbacAssignments": [1, 2]
    }
    """#
}
