from offensief.resolve import names


def test_particles_and_split():
    assert names.split_name("Mohammed El-Idrissi") == ("mohammed", "el idrissi")
    assert names.split_name("M. el Idrissi") == ("m", "el idrissi")
    assert names.split_name("Jan Pieter van der Berg") == ("jan", "van der berg")
    assert names.surname_core("van der Berg") == names.surname_core("Berg") == "berg"
    assert names.surname_core("El-Idrissi") == names.surname_core("el Idrissi") == "idrissi"


def test_last_first_comma_form():
    first, last = names.split_name("Idrissi, el Mohammed")
    assert first == "mohammed" and last == "el idrissi"
    assert names.split_name("Berg, van der Jan") == ("jan", "van der berg")
    assert names.surname_core(last) == "idrissi"


def test_transliterations_share_a_skeleton():
    assert names.skeleton("Mohamed") == names.skeleton("Mohammed") == names.skeleton("Muhammad")
    assert names.skeleton("Youssef") == names.skeleton("Yusuf") == names.skeleton("Joesoef")
    assert names.skeleton("Jansen") == names.skeleton("Janssen")
    assert names.skeleton("Bakker") != names.skeleton("Visser")


def test_dates_addresses_identifiers():
    assert names.iso_date("19880703") == "1988-07-03"
    assert names.iso_date("1988-07-03T00:00") == "1988-07-03"
    assert names.iso_date("geen") is None
    assert names.parse_address("Kerkstraat 12a, 1234 AB Amsterdam") == (
        "kerkstraat", "12a", "1234AB", "amsterdam")
    assert names.parse_address("Kerkstraat 12A 1234ab Amsterdam")[1:3] == ("12a", "1234AB")
    assert names.identifier("NL91 ABNA 0417-1643 00") == "NL91ABNA0417164300"
    assert names.phone("06-12345678") == names.phone("+31 6 1234 5678") == "31612345678"
    assert names.organisation_name("Bakkerij De Vries B.V.") == "bakkerij de vries"
