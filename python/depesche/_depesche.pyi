# The compiled extension; the public API and its documentation are in __init__.pyi.
from . import Pipeline as Pipeline
from . import SCHEMA_VERSION as SCHEMA_VERSION
from . import __version__ as __version__
from . import analyze as analyze
from . import tables as tables
