import json


def test_units_list_json_after_init_lists_the_seed_units(run, db_path):
    result = run("units", "list", "--json")
    assert result.exit_code == 0, result.output
    codes = [u["code"] for u in json.loads(result.stdout)]
    assert "KHTC" in codes and "BVA" in codes
