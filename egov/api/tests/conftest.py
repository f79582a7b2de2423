"""The catalogue tests' small province and catalogue, for the API-wide tests here."""

from egov.catalog.tests.conftest import (  # noqa: F401
    catalog,
    document,
    make_official,
    province,
    sysadmin,
    templates,
)
