import datetime
from typing import Any, Dict, Iterable, List, Literal, Mapping, Optional, Union, overload

__version__: str
SCHEMA_VERSION: str

Analysis = Dict[str, Any]
"""One article's analysis: the CLI's depesche/1 JSON object (docs/schema.md)."""

Text = Union[str, bytes, bytearray]
Date = Union[str, datetime.date, None]
Lang = Optional[Literal["de", "en", "auto"]]
Item = Union[Text, Mapping[str, Any]]
"""A batch item: a text, or a dict with the JSONL fields (id, text, published, lang, url, title, source)."""


def analyze(
    text: Text,
    *,
    date: Date = None,
    lang: Lang = None,
    url: Optional[str] = None,
    title: Optional[str] = None,
    id: Optional[str] = None,
) -> Analysis: ...

class Pipeline:
    """A loaded pipeline; build once, analyse many articles (thread-safe)."""

    def __init__(self, lang: Lang = None, date: Date = None) -> None: ...
    @property
    def lang(self) -> Optional[str]: ...
    @property
    def date(self) -> Optional[str]: ...
    def analyze(
        self,
        text: Text,
        *,
        date: Date = None,
        lang: Lang = None,
        url: Optional[str] = None,
        title: Optional[str] = None,
        id: Optional[str] = None,
    ) -> Analysis: ...
    @overload
    def analyze_batch(self, items: Iterable[Item], *, errors: Literal["raise"] = "raise") -> List[Analysis]: ...
    @overload
    def analyze_batch(self, items: Iterable[Item], *, errors: Literal["none"]) -> List[Optional[Analysis]]: ...

def tables(
    analyses: Iterable[Union[Analysis, str, None]],
    *,
    cluster: bool = True,
    key_offset: int = 0,
) -> Dict[str, Dict[str, Any]]: ...
def to_pandas(
    analyses: Iterable[Union[Analysis, str, None]],
    *,
    cluster: bool = True,
    key_offset: int = 0,
) -> Dict[str, Any]: ...
