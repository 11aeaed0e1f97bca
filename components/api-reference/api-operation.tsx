import { InlineCode } from "./inline-code";
import { describeConstraints, describeType, type JsonSchema } from "./json-schema";
import { SchemaFields } from "./schema-fields";

/** One operation of the OpenAPI document, as the reference page reads it. */
export type ApiOperation = {
  method: string;
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  auth: string;
  authDescription: string;
  parameters: Array<{ in: string; name: string; required?: boolean; description?: string; schema: JsonSchema }>;
  requestBody?: { description?: string; content: Record<string, { schema?: JsonSchema }> };
  responses: Record<string, { description: string; content?: Record<string, { schema?: JsonSchema }> }>;
};

const ERROR_BODY_REF = "#/components/schemas/ErrorBody";

export function ApiOperationEntry({ operation, resolve }: { operation: ApiOperation; resolve: (schema: JsonSchema) => JsonSchema }) {
  const statuses = Object.entries(operation.responses);
  const successes = statuses.filter(([status]) => Number(status) < 400);
  const errors = statuses.filter(([status]) => Number(status) >= 400);
  return (
    <article className="api-operation" id={operation.operationId} aria-labelledby={`${operation.operationId}-heading`}>
      <h3 id={`${operation.operationId}-heading`} className="api-operation__heading">
        <span className={`api-method api-method--${operation.method.toLowerCase()}`}>{operation.method}</span>{" "}
        <code className="api-operation__path">{operation.path}</code>
      </h3>
      <p className="api-operation__summary">
        <InlineCode text={operation.summary} />
      </p>
      {operation.description && (
        <p className="api-operation__description">
          <InlineCode text={operation.description} />
        </p>
      )}
      <dl className="api-operation__facts">
        <dt>Auth</dt>
        <dd>{operation.authDescription}</dd>
      </dl>

      {operation.parameters.length > 0 && (
        <>
          <h4>Parameters</h4>
          <div className="api-table-wrap">
            <table className="api-table">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">In</th>
                  <th scope="col">Type</th>
                  <th scope="col">Notes</th>
                </tr>
              </thead>
              <tbody>
                {operation.parameters.map((parameter) => (
                  <tr key={`${parameter.in}-${parameter.name}`}>
                    <td>
                      <code>{parameter.name}</code>
                    </td>
                    <td>{parameter.in}</td>
                    <td className="api-type">{describeType(parameter.schema)}</td>
                    <td>
                      {[parameter.required ? "required" : "optional", ...describeConstraints(parameter.schema), parameter.description]
                        .filter(Boolean)
                        .join(" · ")}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}

      {operation.requestBody && (
        <>
          <h4>Request body</h4>
          <p className="api-fields__note">{Object.keys(operation.requestBody.content).join(" or ")}</p>
          {operation.requestBody.description && (
            <p>
              <InlineCode text={operation.requestBody.description} />
            </p>
          )}
          {Object.values(operation.requestBody.content).map(
            (media, index) => media.schema && <SchemaFields key={index} schema={media.schema} resolve={resolve} />,
          )}
        </>
      )}

      <h4>Responses</h4>
      {successes.map(([status, response]) => (
        <div key={status} className="api-response">
          <p>
            <strong className="api-status">{status}</strong> <InlineCode text={response.description} />
          </p>
          {Object.entries(response.content ?? {}).map(([type, media]) =>
            media.schema ? (
              <details key={type} className="api-response__body">
                <summary>
                  <code>{type}</code> fields
                </summary>
                <SchemaFields schema={media.schema} resolve={resolve} />
              </details>
            ) : (
              <p key={type} className="api-fields__note">
                <code>{type}</code>
              </p>
            ),
          )}
        </div>
      ))}
      {errors.length > 0 && (
        <>
          <p className="api-fields__note">
            {errors.every(([, response]) => response.content?.["application/json"]?.schema?.$ref === ERROR_BODY_REF) ? (
              <>
                Errors, each with the <a href="#errors">error body</a>:
              </>
            ) : (
              "Errors:"
            )}
          </p>
          <ul className="api-errors" aria-label={`Errors of ${operation.method} ${operation.path}`}>
            {errors.map(([status, response]) => (
              <li key={status}>
                <strong className="api-status api-status--error">{status}</strong> <InlineCode text={response.description} />
              </li>
            ))}
          </ul>
        </>
      )}
    </article>
  );
}
