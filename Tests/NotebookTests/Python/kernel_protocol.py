"""Drives hmfbook's Jupyter kernel with jupyter_client, Jupyter's own client library.

Usage: kernel_protocol.py WORK_DIR  (JUPYTER_PATH names the folder holding kernels/hmfbook/kernel.json)

Each check prints a line; a failed check raises, and the script exits non-zero. jupyter_client verifies the
signature of every message it receives, so every reply and IOPub message below is correctly signed.
"""
import sys, time, json, hmac, hashlib, uuid
import jupyter_client

work = sys.argv[1]
km = jupyter_client.KernelManager(kernel_name="hmfbook")
km.start_kernel(cwd=work)
kc = km.client()
kc.start_channels()
kc.wait_for_ready(timeout=120)


def check(condition, what):
    if not condition:
        raise AssertionError(what)
    print("ok:", what)


def execute(code, cell=None, timeout=300):
    content = dict(code=code, silent=False, store_history=True, user_expressions={}, allow_stdin=False, stop_on_error=True)
    msg = kc.session.msg("execute_request", content, metadata={"cellId": cell} if cell else {})
    kc.shell_channel.send(msg)
    outputs = []
    while True:
        m = kc.get_iopub_msg(timeout=timeout)
        if m["parent_header"].get("msg_id") != msg["header"]["msg_id"]:
            continue
        if m["msg_type"] == "status" and m["content"]["execution_state"] == "idle":
            break
        outputs.append(m)
    reply = kc.get_shell_msg(timeout=timeout)
    return reply["content"], outputs


def of(outputs, kind):
    return [m["content"] for m in outputs if m["msg_type"] == kind]


try:
    info = kc.kernel_info(reply=True)["content"]
    check(info["protocol_version"] == "5.3" and info["language_info"]["name"] == "swift", "kernel_info: protocol 5.3, Swift")

    reply, out = execute("let a = 20\nvar b = a * 2", "c1")
    check(reply["status"] == "ok" and of(out, "execute_input")[0]["execution_count"] == reply["execution_count"], "a cell runs")
    reply, out = execute("print(a + b)", "c2")
    check([s["text"] for s in of(out, "stream")] == ["60\n"], "a later cell sees the values: stream stdout")
    reply, out = execute("a * 3", "c3")
    check(of(out, "execute_result")[0]["data"]["text/plain"] == "60", "a final expression is the execute_result")
    reply, out = execute("let fig = Figure(width: 3, height: 2)\nfig.axes().plot([1, 2], [3, 1])\ndisplay(fig)", "c4")
    bundle = of(out, "display_data")[0]["data"]
    check("image/png" in bundle and bundle["image/svg+xml"].lstrip().startswith("<?xml"), "a figure: display_data with PNG and SVG")
    reply, out = execute('display(["rank", "loss"], rows: [[3, 1.5], [4, 0.75]])', "c5")
    check("<table" in of(out, "display_data")[0]["data"]["text/html"], "a table: display_data with HTML")

    # Editing the first cell runs the cells that depend on it, and says which.
    reply, out = execute("let a = 21\nvar b = a * 2", "c1")
    summary = " ".join(d["data"]["text/plain"] for d in of(out, "display_data"))
    check(reply["status"] == "ok" and "In [2] (now 63)" in summary and "In [3] (now 63)" in summary, "an edit re-runs its dependents: " + summary)

    reply, out = execute('let x: Int = "no"', "c6")
    error = of(out, "error")[0]
    check(reply["status"] == "error" and error["ename"] == "CompileError" and "cell line 1" in error["traceback"][0], "a compile error at its cell line")
    reply, out = execute("let xs = [1]\nprint(\"before\")\nprint(xs[3])", "c7")
    error = of(out, "error")[0]
    check(error["ename"] == "Crash" and "Index out of range" in error["evalue"] and "cell line 3" in error["traceback"][0],
          "a crash at its cell line")
    reply, out = execute("print(a, b)", "c8")
    check([s["text"] for s in of(out, "stream") if s["name"] == "stdout"] == ["21 42\n"], "after a crash the values are restored")

    for code, status in [("func f() {", "incomplete"), ("let q = 1", "complete"), ("let = = )", "invalid")]:
        kc.is_complete(code)
        got = kc.get_shell_msg(timeout=60)["content"]["status"]
        check(got == status, f"is_complete({code!r}) == {status}")
    matches = kc.complete("let s = Sess", 12, reply=True)["content"]["matches"]
    check("Session" in matches, "complete: library names in scope")
    matches = kc.complete("let c = tot + fi", 16, reply=True)["content"]["matches"]
    check("fig" in matches, "complete: the notebook's names")

    # A long cell shows a progress line that updates in place, and is cleared at the end.
    reply, out = execute("for _ in 0..<30 { usleep(100_000) }", "c11")
    shown = [m for m in out if m["msg_type"] in ("display_data", "update_display_data")
             and m["content"].get("transient", {}).get("display_id", "").startswith("hmfbook-progress")]
    check(len(shown) >= 2 and shown[0]["msg_type"] == "display_data" and shown[1]["msg_type"] == "update_display_data"
          and len({m["content"]["transient"]["display_id"] for m in shown}) == 1
          and [m["msg_type"] for m in out][-1] == "clear_output",
          "a long cell: one progress display, updated in place, removed at the end: "
          + " | ".join(m["content"]["data"]["text/plain"] for m in shown))

    # Interrupt a running cell.
    msg = kc.session.msg("execute_request", dict(code="while true { usleep(10_000) }", silent=False, store_history=True,
                                                 user_expressions={}, allow_stdin=False, stop_on_error=True), metadata={"cellId": "c9"})
    kc.shell_channel.send(msg)
    time.sleep(3)
    km.interrupt_kernel()
    reply = kc.get_shell_msg(timeout=60)["content"]
    check(reply["status"] == "error" and reply["ename"] == "Interrupted", "interrupt stops a running cell")
    reply, out = execute("print(a)", "c10")
    check([s["text"] for s in of(out, "stream") if s["name"] == "stdout"] == ["21\n"], "the kernel goes on after an interrupt")

    # Bad messages get an error reply; the kernel stays up.
    socket = kc.shell_channel.socket
    key = kc.session.key
    def frames(header, content, good=True, raw=None):
        parts = [json.dumps(header).encode(), b"{}", b"{}", raw if raw is not None else json.dumps(content).encode()]
        mac = hmac.new(key, digestmod=hashlib.sha256)
        for p in parts:
            mac.update(p)
        return [b"<IDS|MSG>", (mac.hexdigest() if good else "0" * 64).encode()] + parts
    def header(kind):
        return {"msg_id": uuid.uuid4().hex, "session": kc.session.session, "username": "test", "msg_type": kind, "version": "5.3", "date": ""}
    def raw_reply():
        ids, msg = kc.session.feed_identities(socket.recv_multipart())
        return kc.session.deserialize(msg)
    socket.send_multipart(frames(header("kernel_info_request"), {}, good=False))
    reply = raw_reply()
    check(reply["content"]["status"] == "error" and reply["content"]["ename"] == "ProtocolError", "a bad signature: protocol error reply")
    socket.send_multipart(frames(header("kernel_info_request"), None, raw=b"{not json"))
    reply = raw_reply()
    check(reply["content"]["ename"] == "ProtocolError" and "JSON" in reply["content"]["evalue"], "malformed JSON: protocol error reply")
    socket.send_multipart(frames(header("frobnicate_request"), {}))
    reply = raw_reply()
    check(reply["msg_type"] == "frobnicate_reply" and reply["content"]["status"] == "error", "an unknown message type: error reply")
    check(kc.kernel_info(reply=True)["content"]["status"] == "ok", "the kernel stays up")

    # A restart is a new kernel process: the values are gone, the cells' compiled modules and fits are not.
    km.restart_kernel(now=False)
    kc.wait_for_ready(timeout=120)
    reply, out = execute("print(a)", "c10")
    check(reply["status"] == "error" and "cannot find 'a'" in reply["evalue"] + " ".join(reply["traceback"]),
          "after a restart the values are gone")
    reply, out = execute("let a = 5\nprint(a)", "c1")
    check([s["text"] for s in of(out, "stream") if s["name"] == "stdout"] == ["5\n"], "and the kernel runs cells again")
finally:
    # Also when a check fails: the kernel must not outlive the test.
    kc.stop_channels()
    km.shutdown_kernel(now=False)
check(not km.is_alive(), "shutdown ends the kernel")
print("all checks passed")
