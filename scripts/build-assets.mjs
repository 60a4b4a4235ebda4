// Builds carereview/static/dist from the npm packages: compiles the Sass with Arial and copies
// GOV.UK Frontend's JavaScript and images.  Runs offline after `npm ci`.
import { cpSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as sass from "sass";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const frontend = join(root, "node_modules", "govuk-frontend", "dist", "govuk");
const out = join(root, "carereview", "static", "dist");

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

const result = sass.compile(join(root, "carereview", "static", "scss", "application.scss"), {
  loadPaths: [join(root, "node_modules")],
  style: "compressed",
  quietDeps: true,
  silenceDeprecations: ["import"],
});
if (result.css.includes("GDS Transport")) {
  throw new Error("The compiled CSS mentions GDS Transport: a council service must not use it.");
}
writeFileSync(join(out, "application.css"), result.css);

cpSync(join(frontend, "govuk-frontend.min.js"), join(out, "govuk-frontend.min.js"));
// GOV.UK Frontend's images are the crown, the crest and GOV.UK's icons: none of them is ours to
// use, so none is copied.  The service's own icon is carereview/static/favicon.svg.
console.log(`assets built in ${out}`);
