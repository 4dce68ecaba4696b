"""Shape of feedback/data/surveys.yaml: every question well formed, in Polish and English."""

from importlib import resources

import yaml

from magistrat.feedback.services.surveys import SCALES


def test_survey_catalogue_shape():
    text = resources.files("magistrat.feedback").joinpath("data/surveys.yaml").read_text(encoding="utf-8")
    surveys = yaml.safe_load(text)["surveys"]
    assert {"desk", "post_case"} <= set(surveys)
    for slug, spec in surveys.items():
        assert set(spec["name"]) == {"pl", "en"}, slug
        ids = [q["id"] for q in spec["questions"]]
        assert len(ids) == len(set(ids)), slug
        assert spec["questions"][0]["type"] == "csat" and spec["questions"][0]["required"], slug
        for question in spec["questions"]:
            assert question["type"] in {*SCALES, "tags", "choice", "text"}
            assert set(question["text"]) == {"pl", "en"}
            for option in question.get("options", []):
                assert set(option["text"]) == {"pl", "en"}
