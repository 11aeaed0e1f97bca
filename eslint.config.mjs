import nextCoreWebVitals from "eslint-config-next/core-web-vitals";
import nextTypeScript from "eslint-config-next/typescript";
import regexp from "eslint-plugin-regexp";

/**
 * Role and visibility names are compared only where authorization is decided (server/authz/) and
 * where the words are defined (lib/): everywhere else asks server/authz or reads the `permissions`
 * the server sent. Display-only comparisons of ids (`author.id === viewer.id`) are fine.
 */
const AUTHZ_WORDS = "/^(owner|instructor|member|private|group|instructors|everyone)$/";
const AUTHZ_WORD_MESSAGE =
  "Compare role and visibility names only in server/authz/ or lib/: ask server/authz (or read the DTO's `permissions`), or use a helper from lib/groups/roles.ts or lib/annotations/scopes.ts.";
export const authzLiteralRule = [
  "error",
  { selector: `BinaryExpression[operator=/^[!=]==?$/] > Literal[value=${AUTHZ_WORDS}]`, message: AUTHZ_WORD_MESSAGE },
  { selector: `SwitchCase > Literal.test[value=${AUTHZ_WORDS}]`, message: AUTHZ_WORD_MESSAGE },
  { selector: `CallExpression[callee.property.name="includes"] > Literal.arguments[value=${AUTHZ_WORDS}]`, message: AUTHZ_WORD_MESSAGE },
  {
    selector: `CallExpression[callee.property.name="includes"] > MemberExpression.callee > ArrayExpression.object > Literal[value=${AUTHZ_WORDS}]`,
    message: AUTHZ_WORD_MESSAGE,
  },
];

/**
 * A form whose script handles it is still sent by the browser if submitted before the page hydrates
 * (a slow phone, a blocked script): with neither `action` nor `method` that is a GET to the page,
 * every field (a password, a private note, a join code) in the address, the history and the logs.
 * `method="post"` at least keeps them out of the address; an `action` (a server action) makes the
 * form work without the script (components/auth/sign-in-form.tsx).
 */
const FORM_WITHOUT_METHOD = {
  selector: `JSXOpeningElement[name.name="form"]:not(:has(JSXAttribute[name.name=/^(action|method)$/]))`,
  message:
    'Give every <form> an `action` (a server action) or `method="post"`: submitted before hydration, a form without either is sent as a GET with its fields in the address.',
};

const config = [
  ...nextCoreWebVitals,
  ...nextTypeScript,
  {
    ignores: [
      "node_modules/**",
      ".next/**",
      "perf/blank-app/.next/**",
      "data/**",
      "server/db/generated/**",
      "next-env.d.ts",
      "test-results/**",
      "playwright-report/**",
    ],
  },
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    // The architecture's arrows (see README): lib/ is pure and imports nothing of ours;
    // components/ never reach into server/; only server/ touches the database client.
    files: ["lib/**/*.{ts,tsx}"],
    rules: {
      "no-restricted-imports": ["error", { patterns: ["@/server/*", "@/components/*", "@/app/*", "@/prisma/*"] }],
    },
  },
  {
    files: ["**/*.{ts,tsx,mjs}"],
    // Tests may restate the rules as an independent oracle (e2e/api-annotations.spec.ts does).
    ignores: ["server/authz/**", "lib/**", "e2e/**", "tests/**", "**/*.test.{ts,tsx}"],
    rules: { "no-restricted-syntax": [...authzLiteralRule, FORM_WITHOUT_METHOD] },
  },
  {
    files: ["components/**/*.{ts,tsx}"],
    rules: {
      "no-restricted-imports": ["error", { patterns: ["@/server/*", "@/app/*", "@/prisma/*"] }],
    },
  },
  {
    // The suite's `test` (e2e/test.ts) closes the browser contexts each test opened.
    files: ["e2e/**/*.ts"],
    ignores: ["e2e/test.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        { paths: [{ name: "@playwright/test", importNames: ["test"], message: "Import test from e2e/test.ts." }] },
      ],
    },
  },
  {
    // A regex that backtracks or is retried past linear time, on what people send, holds the
    // server's one event loop (or a reader's page) for seconds: a comment import's "\n*$" took 24 s
    // on 100,000 characters. The document converters are left out: they run in the conversion
    // worker, whose time limit refuses a hostile file (README, "Formats and imports").
    files: ["app/**/*.{ts,tsx}", "components/**/*.{ts,tsx}", "lib/**/*.{ts,tsx}", "server/**/*.{ts,tsx}"],
    ignores: [
      "**/*.test.{ts,tsx}",
      "lib/documents/**",
      "server/documents/convert/**",
      "server/documents/{decode-text,extract-html-article,page-byline}.ts",
    ],
    plugins: { regexp },
    rules: { "regexp/no-super-linear-backtracking": "error", "regexp/no-super-linear-move": "error" },
  },
];

export default config;
