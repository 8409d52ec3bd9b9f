// swift-format-ignore-file
// The schema text must stay byte-identical to examples/estate.schema.json.

/// The JSON Schema (draft 2020-12) of the estate document, identical to `examples/estate.schema.json`.
extension EstateDocument {
  /// The schema text.
  public static let jsonSchema: String = #"""
{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "$id": "https://csmigrate.invalid/estate.schema.json",
  "title": "csmigrate estate document",
  "description": "A classic Cloud Services estate: XML files by path or inline, plus the facts no file holds.",
  "type": "object",
  "additionalProperties": false,
  "properties": {
    "$schema": {
      "type": "string"
    },
    "version": {
      "type": "integer",
      "description": "Document format version; 1.",
      "default": 1
    },
    "subscription": {
      "$ref": "#/$defs/subscription"
    },
    "services": {
      "type": "array",
      "items": {
        "$ref": "#/$defs/service"
      },
      "default": []
    },
    "netcfg": {
      "$ref": "#/$defs/fileRef"
    },
    "asmExports": {
      "type": "array",
      "items": {
        "type": "string"
      },
      "default": [],
      "description": "Paths of ASM REST XML responses; the kind is recognised from the root element."
    },
    "reservedIPs": {
      "type": "array",
      "items": {
        "$ref": "#/$defs/reservedIP"
      },
      "default": []
    },
    "gateways": {
      "type": "array",
      "items": {
        "$ref": "#/$defs/gateway"
      },
      "default": []
    },
    "networkSecurityGroups": {
      "type": "array",
      "items": {
        "$ref": "#/$defs/networkSecurityGroup"
      },
      "default": []
    },
    "routeTables": {
      "type": "array",
      "items": {
        "$ref": "#/$defs/routeTable"
      },
      "default": []
    },
    "expressRouteCircuits": {
      "type": "array",
      "items": {
        "$ref": "#/$defs/expressRouteCircuit"
      },
      "default": []
    },
    "peerings": {
      "type": "array",
      "items": {
        "$ref": "#/$defs/peering"
      },
      "default": []
    },
    "vnetTenants": {
      "type": "array",
      "items": {
        "$ref": "#/$defs/vnetTenant"
      },
      "default": []
    },
    "quotas": {
      "type": "array",
      "items": {
        "$ref": "#/$defs/quota"
      },
      "default": []
    },
    "jitPolicies": {
      "type": "array",
      "items": {
        "$ref": "#/$defs/jitPolicy"
      },
      "default": []
    },
    "rbacAssignments": {
      "type": "array",
      "items": {
        "$ref": "#/$defs/rbacAssignment"
      },
      "default": []
    },
    "assumptions": {
      "type": "array",
      "items": {
        "$ref": "#/$defs/assumption"
      },
      "default": [],
      "description": "What csmigrate init assumed because no file says it; for people to check. Loading ignores it."
    }
  },
  "$defs": {
    "assumption": {
      "type": "object",
      "additionalProperties": false,
      "required": [
        "value",
        "reason",
        "check"
      ],
      "properties": {
        "field": {
          "type": "string",
          "description": "The JSON path of the field holding the assumed value; absent for a prerequisite the document does not record."
        },
        "value": {},
        "reason": {
          "type": "string"
        },
        "check": {
          "type": "string"
        }
      }
    },
    "fileRef": {
      "description": "A file: a path string, an object with 'path', or an object with 'inline' XML text.",
      "oneOf": [
        {
          "type": "string"
        },
        {
          "type": "object",
          "additionalProperties": false,
          "required": [
            "path"
          ],
          "properties": {
            "path": {
              "type": "string"
            }
          }
        },
        {
          "type": "object",
          "additionalProperties": false,
          "required": [
            "inline"
          ],
          "properties": {
            "inline": {
              "type": "string"
            }
          }
        }
      ]
    },
    "subscription": {
      "type": "object",
      "additionalProperties": false,
      "required": [
        "id"
      ],
      "properties": {
        "id": {
          "type": "string"
        },
        "name": {
          "type": "string"
        },
        "defaultRegion": {
          "type": "string"
        },
        "registrations": {
          "type": "object",
          "additionalProperties": false,
          "description": "What the subscription's registrations for migration are known to be (Get-AzResourceProvider, Get-AzProviderFeature); leave one out when unknown.",
          "properties": {
            "classicInfrastructureMigrate": {
              "type": "string",
              "description": "RegistrationState of the resource provider Microsoft.ClassicInfrastructureMigrate (Registered, NotRegistered, Registering...)."
            },
            "cloudServicesFeature": {
              "type": "string",
              "description": "RegistrationState of the feature CloudServices of Microsoft.Compute (Registered, NotRegistered, Pending...)."
            }
          }
        }
      }
    },
    "service": {
      "type": "object",
      "additionalProperties": false,
      "required": [
        "name"
      ],
      "properties": {
        "name": {
          "type": "string"
        },
        "region": {
          "type": "string"
        },
        "affinityGroup": {
          "type": "string"
        },
        "label": {
          "type": "string"
        },
        "deployments": {
          "type": "object",
          "additionalProperties": false,
          "default": {},
          "properties": {
            "production": {
              "$ref": "#/$defs/deployment"
            },
            "staging": {
              "$ref": "#/$defs/deployment"
            }
          }
        },
        "autoscaleRules": {
          "type": "array",
          "items": {
            "$ref": "#/$defs/autoscaleRule"
          },
          "default": []
        },
        "alerts": {
          "type": "array",
          "items": {
            "$ref": "#/$defs/alert"
          },
          "default": []
        }
      }
    },
    "deployment": {
      "type": "object",
      "additionalProperties": false,
      "properties": {
        "name": {
          "type": "string"
        },
        "status": {
          "enum": [
            "Running",
            "Suspended",
            "Deploying",
            "RunningTransitioning",
            "SuspendedTransitioning",
            "Starting",
            "Suspending",
            "Deleting",
            "Unknown"
          ]
        },
        "label": {
          "type": "string"
        },
        "csdef": {
          "$ref": "#/$defs/fileRef"
        },
        "cscfg": {
          "$ref": "#/$defs/fileRef"
        },
        "asmExport": {
          "type": "string",
          "description": "Path of an ASM Get Deployment response for this slot."
        },
        "reservedIP": {
          "type": "string"
        },
        "virtualNetwork": {
          "type": "object",
          "additionalProperties": false,
          "required": [
            "kind"
          ],
          "properties": {
            "kind": {
              "enum": [
                "named",
                "default",
                "none"
              ]
            },
            "name": {
              "type": "string"
            }
          }
        },
        "extensions": {
          "type": "array",
          "items": {
            "$ref": "#/$defs/extension"
          },
          "default": []
        }
      }
    },
    "extension": {
      "type": "object",
      "additionalProperties": false,
      "required": [
        "name"
      ],
      "properties": {
        "name": {
          "type": "string"
        },
        "type": {
          "type": "string"
        },
        "publisher": {
          "type": "string"
        },
        "version": {
          "type": "string"
        },
        "roles": {
          "type": "array",
          "items": {
            "type": "string"
          },
          "description": "Roles it applies to; absent means all roles."
        },
        "enabled": {
          "type": "boolean",
          "default": true
        },
        "publicSettings": {},
        "protectedSettings": {
          "description": "Kept as a secret; never echoed."
        }
      }
    },
    "autoscaleRule": {
      "type": "object",
      "additionalProperties": false,
      "required": [
        "role",
        "metric"
      ],
      "properties": {
        "role": {
          "type": "string"
        },
        "slot": {
          "enum": [
            "Production",
            "Staging"
          ]
        },
        "metric": {
          "type": "string"
        },
        "operator": {
          "type": "string"
        },
        "threshold": {
          "type": "number"
        },
        "direction": {
          "enum": [
            "Increase",
            "Decrease"
          ]
        },
        "changeCount": {
          "type": "integer"
        },
        "cooldownMinutes": {
          "type": "integer"
        },
        "minimumInstances": {
          "type": "integer"
        },
        "maximumInstances": {
          "type": "integer"
        },
        "enabled": {
          "type": "boolean",
          "default": true
        }
      }
    },
    "alert": {
      "type": "object",
      "additionalProperties": false,
      "required": [
        "name",
        "metric"
      ],
      "properties": {
        "name": {
          "type": "string"
        },
        "role": {
          "type": "string"
        },
        "metric": {
          "type": "string"
        },
        "condition": {
          "type": "string"
        },
        "threshold": {
          "type": "number"
        },
        "windowMinutes": {
          "type": "integer"
        },
        "enabled": {
          "type": "boolean",
          "default": true
        }
      }
    },
    "reservedIP": {
      "type": "object",
      "additionalProperties": false,
      "required": [
        "name"
      ],
      "properties": {
        "name": {
          "type": "string"
        },
        "address": {
          "type": "string"
        },
        "id": {
          "type": "string"
        },
        "region": {
          "type": "string"
        },
        "state": {
          "type": "string"
        },
        "label": {
          "type": "string"
        },
        "inUse": {
          "type": "boolean",
          "default": false
        },
        "serviceName": {
          "type": "string"
        },
        "deploymentName": {
          "type": "string"
        },
        "virtualIPName": {
          "type": "string"
        }
      }
    },
    "gateway": {
      "type": "object",
      "additionalProperties": false,
      "required": [
        "virtualNetwork",
        "type"
      ],
      "properties": {
        "virtualNetwork": {
          "type": "string"
        },
        "type": {
          "enum": [
            "VPN",
            "ExpressRoute"
          ]
        },
        "sku": {
          "type": "string"
        },
        "vpnType": {
          "type": "string"
        },
        "connections": {
          "type": "array",
          "default": [],
          "items": {
            "type": "object",
            "additionalProperties": false,
            "required": [
              "target"
            ],
            "properties": {
              "target": {
                "type": "string"
              },
              "connectionType": {
                "type": "string"
              },
              "state": {
                "enum": [
                  "Connected",
                  "Connecting",
                  "NotConnected",
                  "Unknown"
                ],
                "default": "Unknown"
              },
              "sharedKey": {
                "type": "string",
                "description": "The IPsec shared key; kept secret, never printed."
              }
            }
          }
        },
        "bgpSettings": {
          "type": "object",
          "additionalProperties": false,
          "description": "BGP settings to record before the gateway is deleted.",
          "properties": {
            "asn": {
              "type": "integer"
            },
            "bgpPeeringAddress": {
              "type": "string"
            },
            "peerWeight": {
              "type": "integer"
            }
          }
        },
        "publicIPAddress": {
          "type": "string"
        }
      }
    },
    "binding": {
      "type": "object",
      "additionalProperties": false,
      "properties": {
        "virtualNetwork": {
          "type": "string"
        },
        "subnet": {
          "type": "string"
        },
        "service": {
          "type": "string"
        },
        "role": {
          "type": "string"
        }
      }
    },
    "networkSecurityGroup": {
      "type": "object",
      "additionalProperties": false,
      "required": [
        "name"
      ],
      "properties": {
        "name": {
          "type": "string"
        },
        "region": {
          "type": "string"
        },
        "rules": {
          "type": "array",
          "default": [],
          "items": {
            "type": "object",
            "additionalProperties": false,
            "required": [
              "name"
            ],
            "properties": {
              "name": {
                "type": "string"
              },
              "priority": {
                "type": "integer"
              },
              "direction": {
                "enum": [
                  "Inbound",
                  "Outbound"
                ]
              },
              "action": {
                "enum": [
                  "Allow",
                  "Deny"
                ]
              },
              "sourceAddressPrefix": {
                "type": "string"
              },
              "sourcePortRange": {
                "type": "string"
              },
              "destinationAddressPrefix": {
                "type": "string"
              },
              "destinationPortRange": {
                "type": "string"
              },
              "protocol": {
                "type": "string"
              }
            }
          }
        },
        "bindings": {
          "type": "array",
          "items": {
            "$ref": "#/$defs/binding"
          },
          "default": []
        }
      }
    },
    "routeTable": {
      "type": "object",
      "additionalProperties": false,
      "required": [
        "name"
      ],
      "properties": {
        "name": {
          "type": "string"
        },
        "region": {
          "type": "string"
        },
        "routes": {
          "type": "array",
          "default": [],
          "items": {
            "type": "object",
            "additionalProperties": false,
            "required": [
              "name",
              "addressPrefix",
              "nextHopType"
            ],
            "properties": {
              "name": {
                "type": "string"
              },
              "addressPrefix": {
                "type": "string"
              },
              "nextHopType": {
                "type": "string"
              },
              "nextHopAddress": {
                "type": "string"
              }
            }
          }
        },
        "bindings": {
          "type": "array",
          "items": {
            "$ref": "#/$defs/binding"
          },
          "default": []
        }
      }
    },
    "expressRouteCircuit": {
      "type": "object",
      "additionalProperties": false,
      "required": [
        "name"
      ],
      "properties": {
        "name": {
          "type": "string"
        },
        "serviceKey": {
          "type": "string"
        },
        "serviceProvider": {
          "type": "string"
        },
        "peeringLocation": {
          "type": "string"
        },
        "bandwidthMbps": {
          "type": "integer"
        },
        "state": {
          "type": "string"
        },
        "linkedVirtualNetworks": {
          "type": "array",
          "items": {
            "type": "string"
          },
          "default": []
        },
        "resourceManagerId": {
          "type": "string",
          "description": "The circuit's ARM ID once moved to Resource Manager."
        }
      }
    },
    "peering": {
      "type": "object",
      "additionalProperties": false,
      "required": [
        "name",
        "virtualNetwork",
        "remoteVirtualNetwork"
      ],
      "properties": {
        "name": {
          "type": "string"
        },
        "virtualNetwork": {
          "type": "string"
        },
        "remoteVirtualNetwork": {
          "type": "string"
        },
        "state": {
          "type": "string"
        }
      }
    },
    "vnetTenant": {
      "type": "object",
      "additionalProperties": false,
      "required": [
        "virtualNetwork",
        "kind",
        "name"
      ],
      "properties": {
        "virtualNetwork": {
          "type": "string"
        },
        "kind": {
          "enum": [
            "iaas-vm",
            "app-service-environment",
            "hdinsight",
            "api-management",
            "batch",
            "entra-domain-services",
            "application-gateway"
          ]
        },
        "name": {
          "type": "string"
        },
        "subnet": {
          "type": "string"
        }
      }
    },
    "quota": {
      "type": "object",
      "additionalProperties": false,
      "required": [
        "region",
        "resource",
        "limit",
        "used"
      ],
      "properties": {
        "region": {
          "type": "string"
        },
        "resource": {
          "type": "string"
        },
        "limit": {
          "type": "integer"
        },
        "used": {
          "type": "integer"
        }
      }
    },
    "jitPolicy": {
      "type": "object",
      "additionalProperties": false,
      "required": [
        "name",
        "service"
      ],
      "properties": {
        "name": {
          "type": "string"
        },
        "service": {
          "type": "string"
        },
        "roles": {
          "type": "array",
          "items": {
            "type": "string"
          },
          "default": []
        },
        "ports": {
          "type": "array",
          "items": {
            "type": "integer"
          },
          "default": []
        },
        "maxRequestHours": {
          "type": "integer"
        }
      }
    },
    "rbacAssignment": {
      "type": "object",
      "additionalProperties": false,
      "required": [
        "principal",
        "role",
        "scope"
      ],
      "properties": {
        "principal": {
          "type": "string"
        },
        "principalType": {
          "type": "string"
        },
        "role": {
          "type": "string"
        },
        "scope": {
          "type": "string"
        }
      }
    }
  },
  "$comment": "Relative paths resolve against the document's folder and must stay under the root."
}
"""#
}
