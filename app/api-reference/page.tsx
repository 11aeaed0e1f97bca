import type { Metadata } from "next";
import Link from "next/link";
import { ApiOperationEntry, type ApiOperation } from "@/components/api-reference/api-operation";
import type { JsonSchema } from "@/components/api-reference/json-schema";
import { InlineCode } from "@/components/api-reference/inline-code";
import { SchemaFields } from "@/components/api-reference/schema-fields";
import { API_TAGS } from "@/lib/api/contract";
import { buildOpenApiDocument } from "@/lib/api/openapi-document";

export const metadata: Metadata = { title: "API reference" };

type RawOperation = Omit<ApiOperation, "method" | "path" | "auth" | "authDescription"> & {
  tags: string[];
  "x-auth": string;
  "x-auth-description": string;
};

/** The JSON API, rendered from the same OpenAPI document that GET /api/openapi.json serves. */
export default function ApiReferencePage() {
  const document = JSON.parse(JSON.stringify(buildOpenApiDocument())) as {
    info: { description: string };
    paths: Record<string, Record<string, RawOperation>>;
    components: { schemas: Record<string, JsonSchema> };
  };
  const resolve = (schema: JsonSchema): JsonSchema =>
    schema.$ref ? resolve(document.components.schemas[schema.$ref.replace("#/components/schemas/", "")]) : schema;
  const operations: Array<ApiOperation & { tag: string }> = Object.entries(document.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, operation]) => ({
      ...operation,
      parameters: operation.parameters ?? [],
      method: method.toUpperCase(),
      path,
      tag: operation.tags[0],
      auth: operation["x-auth"],
      authDescription: operation["x-auth-description"],
    })),
  );
  const sections = API_TAGS.map((tag) => ({
    tag,
    id: `tag-${tag.toLowerCase().replace(/\W+/g, "-")}`,
    operations: operations.filter((operation) => operation.tag === tag),
  }));

  return (
    <div className="page api-reference">
      <h1>API reference</h1>
      <p className="api-reference__lede">
        <InlineCode text={document.info.description} />
      </p>
      <p>
        Make a personal API token on <Link href="/account#api-tokens-heading">your account page</Link> and send it as{" "}
        <code>Authorization: Bearer …</code>, or sign in with a password and send the session cookie. The machine-readable OpenAPI 3.1
        document is at <a href="/api/openapi.json">/api/openapi.json</a>.
      </p>

      <nav aria-label="Operations" className="api-reference__toc">
        {sections.map((section) => (
          <div key={section.tag}>
            <h2 className="api-reference__toc-heading">
              <a href={`#${section.id}`}>{section.tag}</a>
            </h2>
            <ul>
              {section.operations.map((operation) => (
                <li key={operation.operationId}>
                  <a href={`#${operation.operationId}`}>
                    <span className={`api-method api-method--${operation.method.toLowerCase()}`}>{operation.method}</span>{" "}
                    <code>{operation.path}</code>
                  </a>
                </li>
              ))}
            </ul>
          </div>
        ))}
      </nav>

      <section className="api-reference__section" id="errors" aria-labelledby="errors-heading">
        <h2 id="errors-heading">Errors</h2>
        <p>
          Every error, from every route, has one shape; a request that failed validation also lists its <code>issues</code>. A database that
          is briefly unavailable answers 503 with <code>Retry-After</code>, and nothing was changed.
        </p>
        <SchemaFields schema={document.components.schemas.ErrorBody} resolve={resolve} />
      </section>

      {sections.map((section) => (
        <section key={section.tag} className="api-reference__section" id={section.id} aria-labelledby={`${section.id}-heading`}>
          <h2 id={`${section.id}-heading`}>{section.tag}</h2>
          {section.operations.map((operation) => (
            <ApiOperationEntry key={operation.operationId} operation={operation} resolve={resolve} />
          ))}
        </section>
      ))}
    </div>
  );
}
