import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { serverActionBodyRefusal } from "@/server/http/server-action-body";

// The bodies a page's script really sends come from React's own encoder, the one Next.js ships.
const { encodeReply } = createRequire(import.meta.url)("next/dist/compiled/react-server-dom-webpack/client.node.js") as {
  encodeReply: (value: unknown) => Promise<string | FormData>;
};

const ACTION_ID = "60" + "ab".repeat(20);

function post(body: string | FormData | URLSearchParams, headers: Record<string, string> = {}): Request {
  return new Request("http://localhost/settings", { method: "POST", body, headers });
}

function fromScript(body: string | FormData): Request {
  return post(body, { "next-action": ACTION_ID, ...(typeof body === "string" ? { "content-type": "text/plain;charset=UTF-8" } : {}) });
}

function multipart(raw: string, headers: Record<string, string> = {}): Request {
  return post(raw, { "content-type": "multipart/form-data; boundary=xyz", ...headers });
}

function formOf(fields: Record<string, string>): FormData {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.set(name, value);
  return form;
}

describe("a server action's body, before Next.js decodes it", () => {
  it("lets through every shape React's encoder produces", async () => {
    const form = formOf({ email: "ada@example.edu" });
    for (const args of [[form], ["x", 1], [{ a: 1 }, form], [], [null]]) {
      const body = await encodeReply(args);
      expect(await serverActionBodyRefusal(fromScript(body)), JSON.stringify(args)).toBeNull();
    }
  });

  it("refuses arguments that are not a list, or not JSON at all, with the header", async () => {
    for (const body of ["null", "1", '"x"', "{}", "[1", "", "true"]) {
      expect(await serverActionBodyRefusal(fromScript(body)), body).toMatch(/arguments are a list/);
    }
    // A multipart body whose root is missing or not a list.
    expect(await serverActionBodyRefusal(fromScript(formOf({ "0": "null" })))).toMatch(/arguments are a list/);
    expect(await serverActionBodyRefusal(fromScript(formOf({ _1_email: "a" })))).toMatch(/arguments are a list/);
  });

  it("refuses a multipart body that does not parse, with or without the header", async () => {
    expect(await serverActionBodyRefusal(multipart("garbage", { "next-action": ACTION_ID }))).toMatch(/did not arrive whole/);
    expect(await serverActionBodyRefusal(multipart("garbage"))).toMatch(/did not arrive whole/);
  });

  it("lets a form posted without JavaScript through, bound arguments and all", async () => {
    expect(await serverActionBodyRefusal(post(formOf({ [`$ACTION_ID_${ACTION_ID}`]: "", email: "a@b.c" })))).toBeNull();
    expect(await serverActionBodyRefusal(post(new URLSearchParams({ email: "a@b.c" })))).toBeNull();
    const bound = formOf({
      $ACTION_REF_1: "",
      "$ACTION_1:0": JSON.stringify({ id: ACTION_ID, bound: "$@1" }),
      "$ACTION_1:1": JSON.stringify(["group-1"]),
      email: "a@b.c",
    });
    expect(await serverActionBodyRefusal(post(bound))).toBeNull();
    const unbound = formOf({ $ACTION_REF_1: "", "$ACTION_1:0": JSON.stringify({ id: ACTION_ID, bound: null }) });
    expect(await serverActionBodyRefusal(post(unbound))).toBeNull();
  });

  it("refuses a bound action whose description or arguments are missing or malformed", async () => {
    const cases: Record<string, string>[] = [
      { $ACTION_REF_1: "" },
      { $ACTION_REF_1: "", "$ACTION_1:0": "null" },
      { $ACTION_REF_1: "", "$ACTION_1:0": JSON.stringify({ bound: null }) },
      { $ACTION_REF_1: "", "$ACTION_1:0": JSON.stringify({ id: ACTION_ID, bound: "$@1" }) },
      { $ACTION_REF_1: "", "$ACTION_1:0": JSON.stringify({ id: ACTION_ID, bound: "$@1" }), "$ACTION_1:1": "{}" },
      { $ACTION_REF_1: "", "$ACTION_1:0": JSON.stringify({ id: ACTION_ID, bound: 7 }) },
    ];
    for (const fields of cases) {
      expect(await serverActionBodyRefusal(post(formOf(fields))), JSON.stringify(fields)).toMatch(/did not arrive whole/);
    }
  });

  it("leaves other posts, and bodies over Next's own limit, to Next", async () => {
    expect(await serverActionBodyRefusal(post("null", { "content-type": "application/json" }))).toBeNull();
    const oversized = post("null", { "next-action": ACTION_ID, "content-length": String(2 * 1024 * 1024) });
    expect(oversized.headers.get("content-length")).toBe(String(2 * 1024 * 1024));
    expect(await serverActionBodyRefusal(oversized)).toBeNull();
  });
});
