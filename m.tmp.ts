import { measureFirstLoadJs } from "./scripts/lib/first-load-js";
import { readFileSync } from "node:fs"; import { gzipSync } from "node:zlib";
const rs = measureFirstLoadJs(".next");
const all = new Set(rs.flatMap(r=>r.files));
for (const f of all) {
  const s = readFileSync(".next/"+f,"utf8");
  const tags = ["zod","next-auth","micromark","react-markdown","mdast","ZodError","signIn","useSession","__NEXTAUTH"].filter(t=>s.includes(t));
  const used = rs.filter(r=>r.files.includes(f)).map(r=>r.route);
  console.log(f, (gzipSync(s,{level:9}).length/1000).toFixed(1), tags.join(","), used.length>10?"ALL":used.join(" "));
}
