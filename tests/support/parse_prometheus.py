"""Parses a Prometheus text exposition with the Prometheus project's own Python parser
(Debian's python3-prometheus-client) and prints it as JSON: {"families": {NAME: {"type",
"help", "samples": [{"labels", "value"}]}}}. Exits 1, naming the problem, when the text does not
parse: the tests check eventctl's pages with it."""

import json
import math
import sys

from prometheus_client.parser import text_string_to_metric_families


def main():
    with open(sys.argv[1], encoding="utf-8") as page:
        text = page.read()
    families = {}
    try:
        for family in text_string_to_metric_families(text):
            if family.name in families:
                raise ValueError("metric family %s appears twice" % family.name)
            samples = []
            for sample in family.samples:
                value = sample.value
                samples.append({
                    "name": sample.name,
                    "labels": dict(sample.labels),
                    "value": None if math.isnan(value) else value,
                })
            families[family.name] = {
                "type": family.type,
                "help": family.documentation,
                "samples": samples,
            }
    except Exception as error:  # the parser raises ValueError and friends
        print("not a valid exposition: %s" % error, file=sys.stderr)
        return 1
    print(json.dumps({"families": families}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
