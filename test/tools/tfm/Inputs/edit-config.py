#!/usr/bin/env python3
"""edit-config.py CONFIG FIELD JSON: sets config.json's FIELD to the JSON value."""
import json
import sys

path, field, value = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
with open(path) as f:
    config = json.load(f)
config[field] = value
with open(path, "w") as f:
    json.dump(config, f, indent=2)
