# The local registry server of the sync tests, for the permission matrix's syncing actions.
from tests.sync.conftest import registry  # noqa: F401
