"""Validates a SARIF log (path in argv[2]) against the SARIF 2.1.0 JSON schema (path in argv[1])."""
import json
import sys

import jsonschema

with open(sys.argv[1], encoding="utf-8") as handle:
    schema = json.load(handle)
with open(sys.argv[2], encoding="utf-8") as handle:
    log = json.load(handle)
errors = sorted(jsonschema.Draft4Validator(schema).iter_errors(log), key=str)
for error in errors[:10]:
    print(f"{list(error.path)}: {error.message}")
sys.exit(1 if errors else 0)
