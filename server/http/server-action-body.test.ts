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

  it("lets through every reference and mark React's encoder writes, to parts the body carries", async () => {
    const form = formOf({ a: "1" });
    const shared = { x: 1 };
    const values: unknown[][] = [
      [new Date(0), 10n, -12n, undefined, "$x", "$", Infinity, -Infinity, -0, NaN],
      [new Map([["a", { shared }]]), new Set([1, shared])],
      [shared, shared, [shared]],
      [{ form }, form, form],
      [new Blob(["hi"])],
      [[1, [2, [3, [4, [5]]]]]],
      [Array.from({ length: 1000 }, (_, n) => n)],
    ];
    for (const args of values) {
      const body = await encodeReply(args);
      expect(await serverActionBodyRefusal(fromScript(body)), String(body)).toBeNull();
    }
  });

  it("refuses references React's decoder would fail on: missing parts, paths to nothing, bad BigInts, too deep or too many", async () => {
    const unreadable = [
      '["$1"]',
      '["$Q1"]',
      '["$W5"]',
      '["$i1"]',
      '["$B1"]',
      '["$F1"]',
      '["$h1"]',
      '["$@1"]',
      '["$@zz"]',
      '["$"]',
      '["$Z"]',
      '["$E"]',
      '["$AA"]',
      '["$S"]',
      '["$R1"]',
      '["$nabc"]',
      `["$n${"1".repeat(301)}"]`,
      '[{"x":1},"$0:5"]',
      '[{"x":1},"$0:0:y:z"]',
      '[{"a":"$1:a:b"}]',
      `[${Array.from({ length: 1001 }, () => "0").join(",")}]`,
      `${"[".repeat(5000)}${"]".repeat(5000)}`,
    ];
    for (const body of unreadable) {
      expect(await serverActionBodyRefusal(fromScript(body)), body.slice(0, 40)).toMatch(/refer to parts the call does not carry/);
    }
    // In a multipart body, a part that is there but is not what the reference needs.
    const multipartCases: Record<string, string>[] = [
      { "0": '["$Q1"]', "1": '"not entries"' },
      { "0": '["$Q1"]', "1": '["ab"]' },
      { "0": '["$1"]', "1": "{cut" },
      { "0": '["$B1"]', "1": "text, not a file" },
      { "0": '["$1"]', "1": '["$2"]' },
    ];
    for (const fields of multipartCases) {
      expect(await serverActionBodyRefusal(fromScript(formOf(fields))), JSON.stringify(fields)).toMatch(
        /refer to parts the call does not carry/,
      );
    }
    expect(await serverActionBodyRefusal(fromScript(formOf({ "0": '["$Q1", "$1:0"]', "1": '[["a", 1]]' })))).toBeNull();
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
      // Bound arguments that refer to a part the form does not carry.
      { $ACTION_REF_1: "", "$ACTION_1:0": JSON.stringify({ id: ACTION_ID, bound: "$@1" }), "$ACTION_1:1": '["$2"]' },
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
