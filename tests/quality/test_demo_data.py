"""The demo's process map is data: its rows have the shape the seeder unpacks, in full and not only
the first six the small demo takes (a comma left unquoted in a flow list splits a name in two)."""

from magistrat.core.reference import load_yaml


def test_every_demo_process_has_its_seven_fields_and_every_link_names_two():
    data = load_yaml("quality", "demo_processes.yaml")
    processes = data["processes"]
    assert len(processes) == 20
    for row in processes:
        assert len(row) == 7 and all(isinstance(value, str) and value for value in row), row
        assert row[2] in {"management", "core", "support"}, row
    codes = [row[0] for row in processes]
    assert len(set(codes)) == len(codes)
    for link in data["links"]:
        assert len(link) == 3 and link[0] in codes and link[1] in codes, link
    units = {row[0] for row in load_yaml("org", "demo_office.yaml")["units"]}
    assert {row[3] for row in processes} <= units
