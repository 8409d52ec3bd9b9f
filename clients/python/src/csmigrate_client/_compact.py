"""Expands the compact validation report (``validation/run`` with ``detail: "compact"``) to the full form.

The algorithm is protocol.md's: each message takes ``message`` and ``fix`` from its rule's templates in
``rules``, filled with its ``arguments``, and ``docs`` from the rule, unless it carries them itself.
"""

from typing import Any, Dict, List, Tuple, Union

#: A template split into text and placeholder names: ``("a ", ("name",), " b")``.
_Pieces = List[Union[str, Tuple[str]]]


def split_template(template: str) -> _Pieces:
    """Splits a template into literal text and ``{name}`` placeholders (an unmatched ``{`` is text)."""
    pieces: _Pieces = []
    start = 0
    while True:
        opening = template.find("{", start)
        if opening < 0:
            break
        closing = template.find("}", opening + 1)
        if closing < 0:
            break
        if opening > start:
            pieces.append(template[start:opening])
        pieces.append((template[opening + 1 : closing],))
        start = closing + 1
    if start < len(template):
        pieces.append(template[start:])
    return pieces


def render(pieces: _Pieces, arguments: Dict[str, str]) -> str:
    """Fills the placeholders; a name with no argument stays as written (``{name}``)."""
    out = []
    for piece in pieces:
        if isinstance(piece, str):
            out.append(piece)
        else:
            name = piece[0]
            value = arguments.get(name)
            out.append("{" + name + "}" if value is None else value)
    return "".join(out)


def is_compact_report(result: Any) -> bool:
    """Whether a result is a compact validation report."""
    return isinstance(result, dict) and result.get("detail") == "compact" and isinstance(result.get("rules"), dict)


def expand_report(result: Dict[str, Any]) -> Dict[str, Any]:
    """The full form of a compact report: ``{result, rulesRevision, validationMessages}`` with every text."""
    rules: Dict[str, Any] = result["rules"]
    split: Dict[Tuple[str, str], _Pieces] = {}
    no_arguments: Dict[str, str] = {}
    messages = []
    for compact in result.get("validationMessages", []):
        message = dict(compact)
        arguments = message.pop("arguments", None) or no_arguments
        rule = rules.get(message.get("ruleId"), {})
        for field in ("message", "fix"):
            if field not in message:
                key = (message["ruleId"], field)
                pieces = split.get(key)
                if pieces is None:
                    pieces = split[key] = split_template(rule[field])
                message[field] = render(pieces, arguments)
        if "docs" not in message:
            message["docs"] = rule["docs"]
        messages.append(message)
    full = {key: value for key, value in result.items() if key not in ("detail", "rules", "validationMessages")}
    full["validationMessages"] = messages
    return full


def expand_result(result: Any) -> Any:
    """A result as the caller sees it: a compact validation report expanded, anything else unchanged."""
    return expand_report(result) if is_compact_report(result) else result
