"""Trials near me: trials with a site within a distance of a town named in any language, or of
the reader's own coordinates, the nearest first, on the search page and in the API."""

import json
import math
import random

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from drf_spectacular.generators import SchemaGenerator

from tests.factories import ConditionFactory, SiteFactory, TrialFactory
from tests.trials.test_import import FIXTURES, import_all
from trials.models import Place, Site, Trial
from trials.places import find_place, load_places
from trials.search import EARTH_RADIUS_KM, coordinate_box

pytestmark = pytest.mark.django_db

MILAN = (45.46427, 9.18951)


@pytest.fixture
def places():
    """The gazetteer, as the migration loads it (a test that empties every table, such as the
    browser tests, takes it away)."""
    if not Place.objects.exists():
        load_places()


def km(a, b):
    """The haversine distance, in Python, to check the database's."""
    (lat1, lon1), (lat2, lon2) = (map(math.radians, point) for point in (a, b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(h))


def trial_at(identifier, *points, **fields):
    trial = TrialFactory(primary_identifier=identifier, **fields)
    for number, (latitude, longitude) in enumerate(points):
        SiteFactory(
            trial=trial,
            facility=f"{identifier} site {number}",
            city="Somewhere",
            latitude=latitude,
            longitude=longitude,
        )
    return trial


def identifiers(trials):
    return [trial.primary_identifier for trial in trials]


# The box ------------------------------------------------------------------------------------


def test_the_box_holds_the_circle():
    (south, north), [(west, east)] = coordinate_box(*MILAN, 100)
    assert south < MILAN[0] < north and west < MILAN[1] < east
    # Its edges touch the circle: 100 km north, and east where the circle is widest (nearer
    # the pole than Milan: at Milan's latitude, the edge is a hair farther).
    assert km(MILAN, (north, MILAN[1])) == pytest.approx(100, rel=1e-6)
    assert 100 <= km(MILAN, (MILAN[0], east)) < 100.1


def test_the_box_is_split_at_the_antimeridian():
    (_south, _north), longitudes = coordinate_box(-17.8, 179.9, 50)
    assert len(longitudes) == 2
    assert longitudes[0][1] == 180.0 and longitudes[1][0] == -180.0
    assert longitudes[1][1] < -179


def test_near_a_pole_every_longitude_is_in_reach():
    (south, north), longitudes = coordinate_box(89.9, 10, 100)
    assert north == 90.0 and south < 89.9
    assert longitudes == [(-180.0, 180.0)]


# The QuerySet -------------------------------------------------------------------------------


def test_trials_near_coordinates_come_nearest_first_with_their_distance():
    trial_at("NCT00000003", (45.07049, 7.68682))  # Turin, 126 km
    trial_at("NCT00000001", (45.46, 9.19), (41.9, 12.5))  # Milan, and Rome
    trial_at("NCT00000002", (45.69601, 9.66721))  # Bergamo, 45 km
    trial_at("NCT00000004", (41.89193, 12.51133))  # Rome only: 477 km

    found = list(Trial.objects.near(*MILAN, 250))

    assert identifiers(found) == ["NCT00000001", "NCT00000002", "NCT00000003"]
    assert found[0].distance_km == pytest.approx(km(MILAN, (45.46, 9.19)), abs=0.01)
    assert found[1].distance_km == pytest.approx(km(MILAN, (45.69601, 9.66721)), abs=0.01)
    assert found[0].nearest_site_id == found[0].sites.get(latitude=45.46).pk
    assert identifiers(Trial.objects.near(*MILAN, 50)) == ["NCT00000001", "NCT00000002"]


def test_the_nearest_site_is_found_across_the_antimeridian():
    # Fiji's Taveuni is at 179.9 east; a reader at 179.9 west is 21 km away, not 40,000.
    trial_at("NCT00000001", (-16.85, 179.95))
    trial_at("NCT00000002", (-16.85, -179.2))
    found = list(Trial.objects.near(-16.85, -179.95, 50))
    assert identifiers(found) == ["NCT00000001"]
    assert found[0].distance_km == pytest.approx(km((-16.85, 179.95), (-16.85, -179.95)), abs=0.01)
    assert found[0].distance_km < 15


def test_near_a_pole():
    trial_at("NCT00000001", (89.5, -170))
    trial_at("NCT00000002", (89.5, 10))
    assert identifiers(Trial.objects.near(89.9, 0, 100)) == ["NCT00000002", "NCT00000001"]


def test_a_trial_without_coordinates_is_not_near_anywhere_but_still_found_otherwise():
    trial_at("NCT00000001", MILAN)
    unplaced = TrialFactory(primary_identifier="NCT00000002", public_title_en="Milan study")
    SiteFactory(trial=unplaced, city="Milan", latitude=None, longitude=None)

    assert identifiers(Trial.objects.near(*MILAN, 1000)) == ["NCT00000001"]
    assert "NCT00000002" in identifiers(Trial.objects.matching(country="IT"))
    assert "NCT00000002" in identifiers(Trial.objects.search("Milan", "en"))


def test_near_combines_with_the_other_filters():
    trial_at("NCT00000001", MILAN, phase="phase3")
    trial_at("NCT00000002", MILAN, phase="phase2")
    trial_at("NCT00000003", (45.46, 9.3), phase="phase3")
    found = Trial.objects.matching(phase="phase3").near(*MILAN, 50)
    assert identifiers(found) == ["NCT00000001", "NCT00000003"]


def test_real_records_near_birmingham_alabama_in_the_order_of_their_geo_points(places):
    import_all()
    birmingham = find_place("Birmingham, Alabama").place
    point = (birmingham.latitude, birmingham.longitude)
    nearest = {}
    for path in (FIXTURES / "ctgov").glob("*.json"):
        record = json.loads(path.read_text())
        locations = record["protocolSection"].get("contactsLocationsModule", {})
        distances = [
            km(point, (location["geoPoint"]["lat"], location["geoPoint"]["lon"]))
            for location in locations.get("locations", ())
            if "geoPoint" in location
        ]
        if distances and min(distances) <= 100:
            nearest[path.stem] = min(distances)
    assert len(nearest) >= 3

    found = list(Trial.objects.published().near(*point, 100))

    assert identifiers(found) == sorted(nearest, key=lambda key: (nearest[key], key))
    for trial in found:
        assert trial.distance_km == pytest.approx(nearest[trial.primary_identifier], abs=0.01)


# The gazetteer ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "city", "country"),
    [
        ("Munich", "Munich", "DE"),
        ("München", "Munich", "DE"),
        ("monaco di baviera", "Munich", "DE"),
        ("MÚNICH", "Munich", "DE"),
        ("Ginevra", "Geneva", "CH"),
        ("Genf", "Geneva", "CH"),
        ("Genève", "Geneva", "CH"),
        ("Londres", "London", "GB"),
        ("saint etienne", "Saint-Étienne", "FR"),
        ("Paris", "Paris", "FR"),
        ("Paris, United States", "Paris", "US"),
        ("Springfield, MO", "Springfield", "US"),
    ],
)
def test_towns_are_found_by_their_names_in_any_language_without_accents_or_case(
    places, name, city, country
):
    found = find_place(name)
    assert (found.place.name, found.place.country.code) == (city, country)


def test_an_ambiguous_name_takes_the_most_populous_place_and_offers_others(places):
    found = find_place("Springfield")
    populations = [place.population for place in (found.place, *found.others)]
    assert populations == sorted(populations, reverse=True)
    assert len(found.others) == 4
    assert found.label == "Springfield, Missouri, United States of America"
    assert find_place("Springfield, Illinois").label.startswith("Springfield, Illinois")


@pytest.mark.parametrize("name", ["Xyzzyville", "", "   ", ",,,", "Paris, Atlantis", "MUC"])
def test_a_name_of_no_place_finds_none(places, name):
    assert find_place(name) is None


# The search page ----------------------------------------------------------------------------


def test_the_search_page_lists_trials_near_a_town_nearest_first(client, places):
    trial_at("NCT00000002", (45.69601, 9.66721), public_title_en="Bergamo study")
    trial_at("NCT00000001", (45.4642, 9.19), public_title_en="Milan study")
    trial_at("NCT00000003", (41.9, 12.5), public_title_en="Rome study")

    page = client.get("/en/search/", {"near": "Milano", "within": "50"}).content.decode()

    assert page.index("Milan study") < page.index("Bergamo study")
    assert "Rome study" not in page
    # The reader's name for the place, with the gazetteer's beside it.
    assert "Trials with a site within 50 km of Milano (Milan), Italy, the nearest first." in page
    assert "Nearest site: NCT00000001 site 0, Somewhere, Italy, 0.0 km away" in page
    assert "Nearest site: NCT00000002 site 0, Somewhere, Italy, 45 km away" in page
    assert 'value="Milano"' in page


def test_the_italian_page_names_the_place_as_the_reader_did(client, places):
    trial = TrialFactory(primary_identifier="NCT00000001", public_title_en="Milan study")
    SiteFactory(
        trial=trial, facility="Ospedale Niguarda", city="Milan", country="IT",
        latitude=45.5, longitude=9.19,
    )  # fmt: skip
    trial_at("NCT00000002", (45.69601, 9.66721), public_title_en="Bergamo study")

    page = client.get("/it/search/", {"near": "milano"}).content.decode()

    # GeoNames gives no language for its alternate names: the reader's own name is shown,
    # written as the gazetteer writes it, with the gazetteer's name beside it.
    assert "Milano (Milan), Italia" in page
    assert "Milan, Italia" not in page.replace("Milano (Milan), Italia", "")
    # A site whose city the registry calls Milan is in Milano for this reader; Somewhere,
    # which is not a name of Milan, stays as the registry gives it.
    assert "Ospedale Niguarda, Milano, Italia" in page
    assert "NCT00000002 site 0, Somewhere, Italia" in page


def test_a_place_named_by_its_gazetteer_name_is_shown_once(client, places):
    trial_at("NCT00000001", (45.4642, 9.19))
    page = client.get("/it/search/", {"near": "Milan"}).content.decode()
    assert "Milan, Italia" in page and "(Milan)" not in page
    with translation.override("en"):
        found = find_place("München")
        assert (found.name, found.label) == ("München", "München (Munich), Germany")
    assert find_place("munchen").name == "Munchen"


def test_the_distance_is_written_in_the_readers_number_format(client, places):
    trial_at("NCT00000001", (45.5, 9.19))
    page = client.get("/it/search/", {"near": "Milano"}).content.decode()
    assert "Somewhere, Italia, a 3,9 km" in page


def test_the_default_distance_is_50_km_and_an_unknown_one_is_ignored(client, places):
    trial_at("NCT00000001", (45.69601, 9.66721), public_title_en="Bergamo study")  # 46 km
    trial_at("NCT00000002", (45.07049, 7.68682), public_title_en="Turin study")  # 126 km
    for within in (None, "7", "abc"):
        data = {"near": "Milan"} if within is None else {"near": "Milan", "within": within}
        page = client.get("/en/search/", data).content.decode()
        assert "Bergamo study" in page and "Turin study" not in page
        assert '<option value="50" selected>50 km</option>' in page
    page = client.get("/en/search/", {"near": "Milan", "within": "250"}).content.decode()
    assert "Turin study" in page


def test_the_readers_own_coordinates_find_trials_near_them(client):
    trial_at("NCT00000001", (45.4642, 9.19), public_title_en="Milan study")
    trial_at("NCT00000002", (41.9, 12.5), public_title_en="Rome study")

    page = client.get(
        "/en/search/", {"latitude": "45.46", "longitude": "9.19", "within": "10"}
    ).content.decode()

    assert "Milan study" in page and "Rome study" not in page
    assert "Trials with a site within 10 km of your location, the nearest first." in page
    # The coordinates are kept for the next change of filters.
    assert 'name="latitude" value="45.46"' in page


def test_a_towns_name_wins_over_coordinates(client, places):
    trial_at("NCT00000001", (45.4642, 9.19), public_title_en="Milan study")
    trial_at("NCT00000002", (41.9, 12.5), public_title_en="Rome study")
    page = client.get(
        "/en/search/", {"near": "Rome", "latitude": "45.46", "longitude": "9.19"}
    ).content.decode()
    assert "Rome study" in page and "Milan study" not in page


def test_a_name_that_matches_no_place_is_a_clear_error(client, places):
    trial_at("NCT00000001", MILAN, public_title_en="Milan study")
    page = client.get("/en/search/", {"near": "Xyzzyville"}).content.decode()
    assert "No town or city called “Xyzzyville” was found." in page
    assert 'aria-invalid="true"' in page
    assert 'aria-describedby="filter-near-help filter-near-error"' in page
    assert "<strong>Error:</strong>" in page
    assert "Milan study" not in page


def test_wrong_coordinates_are_ignored(client):
    trial_at("NCT00000001", MILAN, public_title_en="Milan study")
    page = client.get("/en/search/", {"latitude": "95", "longitude": "9"}).content.decode()
    assert "km of your location" not in page


def test_an_ambiguous_name_links_to_the_other_places_of_that_name(client, places):
    page = client.get("/en/search/", {"near": "Springfield"}).content.decode()
    assert "Trials with a site within 50 km of Springfield, Missouri, United States" in page
    assert "Other places of this name:" in page
    assert "near=Springfield%2C+Massachusetts%2C+United+States+of+America" in page


def test_near_combines_with_words_and_filters_on_the_page(client, places):
    knee = ConditionFactory(name_en="Knee pain")
    trial_at("NCT00000001", (45.7, 9.6), public_title_en="Knee study far", conditions=[knee])
    trial_at("NCT00000002", MILAN, public_title_en="Knee study near", conditions=[knee])
    trial_at("NCT00000003", MILAN, public_title_en="Hip study")
    page = client.get(
        "/en/search/", {"q": "knee", "near": "Milan", "kind": "trials"}
    ).content.decode()
    assert page.index("study near") < page.index("study far")
    assert "Hip study" not in page
    page = client.get("/en/search/", {"condition": knee.slug, "near": "Milan"}).content.decode()
    assert "Knee study near" in page and "Hip study" not in page


def test_the_page_works_without_javascript_and_offers_the_location_button_to_it(client):
    page = client.get("/en/search/").content.decode()
    assert '<label for="filter-near">' in page and '<label for="filter-within">' in page
    assert "data-near-locate" in page and "hidden data-near-locate" in page
    assert "/static/js/near.js" in page


def test_search_page_queries_near_a_town_do_not_grow_with_results(
    client, places, django_assert_num_queries
):
    trial_at("NCT00000001", MILAN)
    urls = [
        "/en/search/?near=Milan",
        "/en/search/?near=Milan&kind=trials&q=study",
        "/en/search/?latitude=45.46&longitude=9.19",
    ]
    expected = {}
    for url in urls:
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        expected[url] = len(queries)
    for number in range(25):
        trial_at(f"NCT1{number:07d}", (45.4 + number / 100, 9.2), public_title_en="A study")

    for url in urls:
        client.get(url)  # the content changed: the cached filter lists are read again once
        with django_assert_num_queries(expected[url]):
            assert client.get(url).status_code == 200


# The API ------------------------------------------------------------------------------------


def api(client, **params):
    return client.get("/api/v1/trials/", params)


def test_the_api_lists_trials_near_a_point_with_distance_and_nearest_site(client):
    trial_at("NCT00000002", (45.69601, 9.66721))
    trial_at("NCT00000001", (45.4642, 9.19), (41.9, 12.5))
    trial_at("NCT00000003", (41.9, 12.5))

    response = api(client, near="45.46427,9.18951", within_km="100")

    assert response.status_code == 200, response.content
    results = response.json()["results"]
    assert [row["identifier"] for row in results] == ["NCT00000001", "NCT00000002"]
    assert results[1]["distance_km"] == pytest.approx(km(MILAN, (45.69601, 9.66721)), abs=0.01)
    assert results[0]["nearest_site"]["facility"] == "NCT00000001 site 0"
    assert results[0]["nearest_site"]["latitude"] == 45.4642
    assert response.json()["count"] == 2


def test_without_near_the_api_gives_no_distance(client):
    trial_at("NCT00000001", MILAN)
    row = api(client).json()["results"][0]
    assert row["distance_km"] is None and row["nearest_site"] is None
    detail = client.get("/api/v1/trials/NCT00000001/").json()
    assert "distance_km" not in detail and "nearest_site" not in detail


def test_the_api_finds_trials_near_a_named_city(client, places):
    trial_at("NCT00000001", (48.85, 2.35))
    trial_at("NCT00000002", (33.66, -95.55))  # Paris, Texas
    rows = api(client, near_city="Paris").json()["results"]
    assert [row["identifier"] for row in rows] == ["NCT00000001"]
    rows = api(client, near_city="Paris, United States", within_km=10).json()["results"]
    assert [row["identifier"] for row in rows] == ["NCT00000002"]


def test_the_api_combines_near_with_words_and_filters(client):
    trial_at("NCT00000001", (45.7, 9.6), public_title_en="Knee study")
    trial_at("NCT00000002", MILAN, public_title_en="Knee study")
    trial_at("NCT00000003", MILAN, public_title_en="Hip study")
    rows = api(client, near="45.46427,9.18951", q="knee").json()["results"]
    assert [row["identifier"] for row in rows] == ["NCT00000002", "NCT00000001"]


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"near": "45.4"}, "near", "separated by a comma"),
        ({"near": "north,south"}, "near", "separated by a comma"),
        ({"near": "1,2,3"}, "near", "separated by a comma"),
        ({"near": "nan,9"}, "near", "latitude must be between -90 and 90"),
        ({"near": "91,9"}, "near", "latitude must be between -90 and 90"),
        ({"near": "45,-181"}, "near", "longitude must be between -180 and 180"),
        ({"near": "45,9", "within_km": "0"}, "within_km", "more than 0 km"),
        ({"near": "45,9", "within_km": "-5"}, "within_km", "more than 0 km"),
        ({"near": "45,9", "within_km": "1001"}, "within_km", "1000"),
        ({"near": "45,9", "within_km": "far"}, "within_km", "number"),
    ],
)
def test_malformed_near_parameters_are_a_bad_request_saying_why(
    client, places, params, field, message
):
    response = api(client, **params)
    assert response.status_code == 400
    assert message in " ".join(response.json()[field])


def test_an_unknown_town_is_not_found_and_near_wins_over_near_city(client, places):
    response = api(client, near_city="Xyzzyville")
    assert response.status_code == 404
    assert response.json()["detail"] == "No town or city called “Xyzzyville” was found."
    trial_at("NCT00000001", MILAN)
    rows = api(client, near="45.46,9.19", near_city="Xyzzyville").json()["results"]
    assert [row["identifier"] for row in rows] == ["NCT00000001"]
    # Without a place, a distance is ignored.
    assert api(client, within_km="10").status_code == 200


@pytest.mark.parametrize("point", ["90,180", "-90,-180", "0,0", "45.4642,9.19", "-33.9,151.2"])
def test_every_point_the_schema_allows_is_accepted(client, point):
    import re

    schema = SchemaGenerator().get_schema(request=None, public=True)
    [near] = [
        parameter
        for parameter in schema["paths"]["/api/v1/trials/"]["get"]["parameters"]
        if parameter["name"] == "near"
    ]
    assert re.fullmatch(near["schema"]["pattern"], point)
    assert not re.fullmatch(near["schema"]["pattern"], "91,0")
    assert not re.fullmatch(near["schema"]["pattern"], "0,180.5")
    assert api(client, near=point).status_code == 200


def test_the_schema_documents_the_near_parameters_and_fields():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    parameters = {
        parameter["name"]: parameter
        for parameter in schema["paths"]["/api/v1/trials/"]["get"]["parameters"]
    }
    assert "latitude,longitude" in parameters["near"]["description"]
    assert "Paris, France" in parameters["near_city"]["description"]
    assert parameters["within_km"]["schema"]["maximum"] == 1000
    assert parameters["within_km"]["schema"]["minimum"] == 0
    assert parameters["within_km"]["schema"]["exclusiveMinimum"] is True
    row = schema["components"]["schemas"]["TrialList"]["properties"]
    assert row["distance_km"]["nullable"] is True
    assert "site nearest to that place" in row["nearest_site"]["description"]
    assert row["nearest_site"]["allOf"] == [{"$ref": "#/components/schemas/Site"}]


def test_api_queries_near_a_point_do_not_grow_with_results(client, django_assert_num_queries):
    trial_at("NCT00000001", MILAN)
    url = "/api/v1/trials/?near=45.46,9.19&within_km=100"
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert len(client.get(url).json()["results"]) == 1
    for number in range(25):
        trial = trial_at(f"NCT1{number:07d}", (45.4 + number / 100, 9.2), (45.5, 9.3))
        trial.conditions.add(ConditionFactory())

    with django_assert_num_queries(len(queries)):
        assert len(client.get(url).json()["results"]) == 20


def test_the_nearest_trials_come_in_order_however_many_sites_each_has_and_filters_keep():
    rng = random.Random(7)
    expected = {}
    for number in range(40):
        points = [
            (MILAN[0] + rng.uniform(-1, 1), MILAN[1] + rng.uniform(-1.5, 1.5))
            for _ in range(rng.choice((1, 2, 8)))
        ]
        phase = "phase3" if number % 3 else "phase2"
        trial_at(f"NCT{number:08d}", *points, phase=phase)
        nearest = min(km(MILAN, point) for point in points)
        if phase == "phase3" and nearest <= 100:
            expected[f"NCT{number:08d}"] = nearest

    found = list(Trial.objects.matching(phase="phase3").near(*MILAN, 100, candidates=10))

    assert identifiers(found) == sorted(expected, key=expected.get)[:10]
    for trial in found:
        assert trial.distance_km == pytest.approx(expected[trial.primary_identifier], abs=0.01)


def test_trials_with_several_sites_at_one_point_are_found_once_each_in_order():
    # Registry sites are placed at their town: a trial's sites in one town share a point, and
    # the walk reads many sites for few trials.
    for number in range(30):
        point = (MILAN[0] + number / 100, MILAN[1])
        trial_at(f"NCT{number:08d}", *[point] * 5, (MILAN[0] + 3, MILAN[1]))

    found = list(Trial.objects.near(*MILAN, 100, candidates=10))

    assert identifiers(found) == [f"NCT{number:08d}" for number in range(10)]
    for number, trial in enumerate(found):
        assert trial.distance_km == pytest.approx(km(MILAN, (MILAN[0] + number / 100, MILAN[1])))
        assert Site.objects.get(pk=trial.nearest_site_id).trial_id == trial.pk
    assert Trial.objects.near(*MILAN, 100, candidates=10).count() == 10


def test_trials_whose_sites_all_share_one_point_are_each_found_once():
    for number in range(25):
        trial_at(f"NCT{number:08d}", *[MILAN] * 4)

    found = Trial.objects.near(*MILAN, 10, candidates=12)

    assert len({trial.pk for trial in found}) == 12 == found.count()
    assert [trial.pk for trial in found] == sorted(trial.pk for trial in found)
    assert all(trial.distance_km == pytest.approx(0, abs=1e-6) for trial in found)


def test_the_nearest_trials_are_counted_as_found_and_a_page_reads_only_its_trials(
    django_assert_num_queries,
):
    for number in range(30):
        trial_at(f"NCT{number:08d}", (MILAN[0] + number / 100, MILAN[1]))
    nearest = Trial.objects.published().nearest(*MILAN, 100)

    with django_assert_num_queries(0):
        assert len(nearest) == nearest.count() == 30
    with django_assert_num_queries(1):
        page = nearest[10:20]
    assert identifiers(page) == [f"NCT{number:08d}" for number in range(10, 20)]
    assert page[0].distance_km == pytest.approx(km(MILAN, (MILAN[0] + 0.1, MILAN[1])))
    assert Site.objects.get(pk=page[0].nearest_site_id).trial_id == page[0].pk
    assert nearest[-1].primary_identifier == "NCT00000029"
    assert identifiers(nearest[:20]) == identifiers(Trial.objects.near(*MILAN, 100)[:20])

    Trial.objects.filter(primary_identifier="NCT00000011").update(state="draft")
    assert "NCT00000011" not in identifiers(nearest[10:20])


def test_api_queries_near_a_point_stay_as_many_as_results_grow_past_pages(
    client, django_assert_num_queries
):
    url = "/api/v1/trials/?near=45.46,9.19&within_km=100&page_size=10&page=2"
    for number in range(11):
        trial_at(f"NCT0{number:07d}", (45.4 + number / 100, 9.2))
    with CaptureQueriesContext(connection) as queries:
        assert len(client.get(url).json()["results"]) == 1
    for number in range(60):
        trial_at(f"NCT1{number:07d}", (45.3 + number / 200, 9.1), (45.5, 9.3), (45.6, 9.0))

    with django_assert_num_queries(len(queries)):
        response = client.get(url).json()
    assert len(response["results"]) == 10 and response["count"] == 71
