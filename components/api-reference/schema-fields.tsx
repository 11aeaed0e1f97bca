import { InlineCode } from "./inline-code";
import { describeConstraints, describeType, nestedObjects, type JsonSchema } from "./json-schema";

/**
 * The fields of a JSON body, as a nested list: name, type, required or optional, limits, and the
 * schema's own description. Objects inside (arrays of objects, unions of objects) nest below.
 */
export function SchemaFields({ schema, resolve }: { schema: JsonSchema; resolve: (schema: JsonSchema) => JsonSchema }) {
  const node = resolve(schema);
  const objects = node.properties ? [node] : nestedObjects(node);
  if (objects.length === 0) {
    return (
      <p className="api-fields__scalar">
        <span className="api-type">{describeType(node)}</span>
        {node.description && (
          <>
            {" "}
            — <InlineCode text={node.description} />
          </>
        )}
      </p>
    );
  }
  if (objects.length > 1 || !node.properties) {
    return (
      <div className="api-fields__union">
        <p className="api-fields__note">{objects.length > 1 ? "One of:" : `${describeType(node)}, each:`}</p>
        {objects.map((object, index) => (
          <ObjectFields key={index} object={object} resolve={resolve} />
        ))}
      </div>
    );
  }
  return <ObjectFields object={node} resolve={resolve} />;
}

function ObjectFields({ object, resolve }: { object: JsonSchema; resolve: (schema: JsonSchema) => JsonSchema }) {
  const required = new Set(object.required ?? []);
  return (
    <ul className="api-fields">
      {Object.entries(object.properties ?? {}).map(([name, property]) => {
        const field = resolve(property);
        const nested = nestedObjects(field).map(resolve);
        const notes = [required.has(name) ? "required" : "optional", ...describeConstraints(field)];
        return (
          <li key={name}>
            <code className="api-fields__name">{name}</code> <span className="api-type">{describeType(field)}</span>{" "}
            <span className="api-fields__note">{notes.join(" · ")}</span>
            {field.description && (
              <div className="api-fields__description">
                <InlineCode text={field.description} />
              </div>
            )}
            {nested.length === 1 && <ObjectFields object={nested[0]} resolve={resolve} />}
            {nested.length > 1 &&
              nested.map((branch, index) => (
                <div key={index} className="api-fields__union">
                  <p className="api-fields__note">{index === 0 ? "One of:" : "or:"}</p>
                  <ObjectFields object={branch} resolve={resolve} />
                </div>
              ))}
          </li>
        );
      })}
    </ul>
  );
}
