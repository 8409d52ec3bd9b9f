"""Write csmigrate process plugins in Python: declare methods and rules with decorators, then run the stdio loop.

A plugin is an executable that csmigrate starts (named in ``csmigrate.plugins.json`` or ``.toml``, or by
``--plugin``) and talks to with JSON-RPC 2.0, one message per line, on the plugin's stdin and stdout
(protocol.md, "Writing a plugin"). This module speaks that protocol, so a rule pack is a few lines::

    from csmigrate_client.plugin import Plugin, hit

    plugin = Plugin("naming", version="1.0.0", summary="Our naming policy.")

    @plugin.rule("naming.ROLE-DIGIT", scope="role", severity="Warning", summary="Role names end without a digit.",
                 message="Role {role} ends with a digit.", fix="Rename the role for what it does.")
    def role_digit(estate, scope):
        ...  # yield hit(...) for each finding

    plugin.run()

Method handlers get ``(params, context)``; ``context.progress(done, total, message)`` reports progress and
``context.cancelled`` turns true when the worker cancels the call. Rule functions get the normalised estate (a
dict, sent once per estate) and the scope (``target``, ``revision``, ``phase``, ``deployments``,
``virtualNetworks``) and yield hits made with :func:`hit`. Anything printed to stderr goes to the worker's log.
"""

from __future__ import annotations

import functools
import json
import sys
import threading
import traceback
from typing import Any, Callable, Dict, Iterable, List, Optional, TextIO, Tuple

__all__ = ["Plugin", "PluginError", "Context", "hit"]

PROTOCOL_VERSION = 1


class PluginError(Exception):
    """Raise from a method handler to answer with a JSON-RPC error of your choosing."""

    def __init__(self, code: int, message: str, data: Any = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.data = data


class Context:
    """What a method handler may use while it runs: progress and cancellation."""

    def __init__(self, plugin: "Plugin", token: Any) -> None:
        self._plugin = plugin
        self._token = token
        self._cancelled = threading.Event()

    @property
    def cancelled(self) -> bool:
        """Whether the worker cancelled this call (its caller gave up, or it timed out)."""
        return self._cancelled.is_set()

    def progress(self, done: float, total: Optional[float] = None, message: Optional[str] = None) -> None:
        """Reports progress; the worker relays it to its own client when that client asked for progress."""
        if self._token is None:
            return
        params: Dict[str, Any] = {"progressToken": self._token, "progress": done}
        if total is not None:
            params["total"] = total
        if message is not None:
            params["message"] = message
        self._plugin._send({"jsonrpc": "2.0", "method": "notifications/progress", "params": params})


def hit(resource_type: str, resource_name: str, values: Optional[Dict[str, Any]] = None, *,
        service: Optional[str] = None, deployment: Optional[str] = None, role: Optional[str] = None,
        location: Optional[Dict[str, Any]] = None, virtual_machine: Optional[str] = None) -> Dict[str, Any]:
    """One finding of a rule.

    ``values`` fill the rule's message and fix placeholders. The worker locates the finding (file and line) from
    ``service``/``deployment``/``role`` (the model element), or takes ``location`` (``{file, line, column}``) as given.
    """
    found: Dict[str, Any] = {"resourceType": resource_type, "resourceName": resource_name,
                             "values": {key: str(value) for key, value in (values or {}).items()}}
    if location is not None:
        found["location"] = location
    elif service is not None:
        element = {"service": service}
        if deployment is not None:
            element["deployment"] = deployment
        if role is not None:
            element["role"] = role
        found["element"] = element
    if virtual_machine is not None:
        found["virtualMachineName"] = virtual_machine
    return found


class Plugin:
    """A process plugin: its methods and rules, and the loop that serves them on stdin and stdout."""

    def __init__(self, name: str, version: str = "0.1.0", summary: str = "") -> None:
        self.name = name
        self.version = version
        self.summary = summary
        self._methods: Dict[str, Tuple[Dict[str, Any], Callable[[Dict[str, Any], Context], Any]]] = {}
        self._rules: Dict[str, Tuple[Dict[str, Any], Callable[[Dict[str, Any], Dict[str, Any]], Iterable[Dict[str, Any]]]]] = {}
        self._estates: Dict[str, Dict[str, Any]] = {}
        self._calls: Dict[Any, Context] = {}
        self._lock = threading.Lock()
        self._output: TextIO = sys.stdout

    def method(self, name: str, summary: str = "", params_schema: Optional[Dict[str, Any]] = None,
               result_schema: Optional[Dict[str, Any]] = None, writes: bool = False,
               tool: Optional[Tuple[str, str]] = None) -> Callable:
        """Declares a method; ``tool=(title, use)`` also offers it to MCP clients as a tool."""

        def register(handler: Callable[[Dict[str, Any], Context], Any]) -> Callable:
            spec: Dict[str, Any] = {"name": name, "summary": summary or (handler.__doc__ or "").strip(),
                                    "paramsSchema": params_schema or {"type": "object"},
                                    "resultSchema": result_schema or {}, "writes": writes}
            if tool is not None:
                spec["tool"] = {"title": tool[0], "use": tool[1]}
            self._methods[name] = (spec, handler)
            return handler

        return register

    def rule(self, rule_id: str, *, scope: str, severity: str, summary: str, message: str, fix: str,
             docs: str = "", revisions: Optional[List[str]] = None, phase: str = "validate",
             example: str = "") -> Callable:
        """Declares a validation rule; its id must start with the plugin's name and a dot."""
        if not rule_id.startswith(self.name + "."):
            raise ValueError(f"rule id {rule_id!r} must start with {self.name + '.'!r}")

        def register(function: Callable[[Dict[str, Any], Dict[str, Any]], Iterable[Dict[str, Any]]]) -> Callable:
            spec: Dict[str, Any] = {"id": rule_id, "scope": scope, "severity": severity, "summary": summary,
                                    "message": message, "fix": fix, "docs": docs, "phase": phase,
                                    "example": example}
            if revisions is not None:
                spec["revisions"] = revisions
            self._rules[rule_id] = (spec, function)
            return function

        return register

    # The loop

    def run(self, input: TextIO = sys.stdin, output: TextIO = sys.stdout) -> None:
        """Serves until the worker sends ``exit`` or closes the plugin's stdin, then lets running calls finish."""
        self._output = output
        workers: List[threading.Thread] = []
        try:
            self._serve(input, workers)
        finally:
            for worker in workers:
                worker.join()

    def _serve(self, input: TextIO, workers: List[threading.Thread]) -> None:
        for line in input:
            if not line.strip():
                continue
            message = json.loads(line)
            method, ident = message.get("method"), message.get("id")
            params = message.get("params") or {}
            if method == "exit":
                return
            if method == "notifications/cancelled":
                with self._lock:
                    context = self._calls.get(params.get("requestId"))
                if context is not None:
                    context._cancelled.set()
                continue
            if ident is None:
                continue
            if method in ("plugin/initialize", "shutdown", "plugin/validate"):
                self._answer(ident, lambda: self._builtin(method, params))
            elif method in self._methods:
                context = Context(self, (params.get("_meta") or {}).get("progressToken"))
                with self._lock:
                    self._calls[ident] = context
                handler = self._methods[method][1]
                work = functools.partial(handler, params, context)
                worker = threading.Thread(target=self._answer, args=(ident, work), daemon=True)
                workers[:] = [running for running in workers if running.is_alive()] + [worker]
                worker.start()
            else:
                self._send({"jsonrpc": "2.0", "id": ident, "error": {"code": -32601, "message": "Method not found",
                                                                     "data": {"method": method}}})

    def _builtin(self, method: str, params: Dict[str, Any]) -> Any:
        if method == "plugin/initialize":
            return {"name": self.name, "version": self.version, "protocolVersion": PROTOCOL_VERSION,
                    "summary": self.summary, "methods": [spec for spec, _ in self._methods.values()],
                    "rules": [spec for spec, _ in self._rules.values()]}
        if method == "shutdown":
            return None
        estate = params["estate"]
        if "model" in estate:
            self._estates[estate["key"]] = estate["model"]
        model = self._estates.get(estate["key"])
        if model is None:
            raise PluginError(-32602, "Unknown estate key", {"field": "estate.key", "reason": "estate.unknown"})
        function = self._rules[params["rule"]][1]
        return {"hits": list(function(model, params.get("scope") or {}))}

    def _answer(self, ident: Any, work: Callable[[], Any]) -> None:
        try:
            reply: Dict[str, Any] = {"jsonrpc": "2.0", "id": ident, "result": work()}
        except PluginError as error:
            body: Dict[str, Any] = {"code": error.code, "message": error.message}
            if error.data is not None:
                body["data"] = error.data
            reply = {"jsonrpc": "2.0", "id": ident, "error": body}
        except Exception as error:  # a handler's bug: answer, log, and keep serving
            traceback.print_exc(file=sys.stderr)
            reply = {"jsonrpc": "2.0", "id": ident,
                     "error": {"code": -32603, "message": "Internal error", "data": {"reason": type(error).__name__}}}
        with self._lock:
            self._calls.pop(ident, None)
        self._send(reply)

    def _send(self, message: Dict[str, Any]) -> None:
        text = json.dumps(message, separators=(",", ":")) + "\n"
        with self._lock:
            self._output.write(text)
            self._output.flush()
