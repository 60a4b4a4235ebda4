// Builds carereview/static/dist from the npm packages: compiles the Sass with Arial and the
// service's own static path, and copies GOV.UK Frontend's JavaScript.  Runs offline after
// `npm ci` (`make assets`).
import { cpSync, existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as sass from "sass";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const frontend = join(root, "node_modules", "govuk-frontend", "dist", "govuk");
const out = join(root, "carereview", "static", "dist");
// The URL Django serves carereview/static/dist at; application.scss sets the same path.
const staticUrl = "/static/dist/";

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

const result = sass.compile(join(root, "carereview", "static", "scss", "application.scss"), {
  // node_modules for `govuk-frontend/...`; the project root because MOJ Frontend's Sass loads
  // GOV.UK Frontend as `node_modules/govuk-frontend/...`.
  loadPaths: [join(root, "node_modules"), root],
  style: "compressed",
  quietDeps: true,
  silenceDeprecations: ["import"],
});
const css = result.css;
if (/GDS Transport|@font-face/.test(css)) {
  throw new Error(
    "The compiled CSS uses GDS Transport or declares a web font: a council's service must not" +
      " use GOV.UK's typeface (set $govuk-font-family and $govuk-include-default-font-face).",
  );
}
writeFileSync(join(out, "application.css"), css);

cpSync(join(frontend, "govuk-frontend.min.js"), join(out, "govuk-frontend.min.js"));

// GOV.UK Frontend's images (assets/images) are the crown favicons, the royal crest and GOV.UK's
// app icons, and its assets/manifest.json names only those: none of them is ours to use, so
// none is copied and base.html links the service's own icon (carereview/static/favicon.svg).
// The one image GOV.UK Frontend's CSS refers to is the crest behind the footer's "Crown
// copyright" link, which base.html never renders.  Anything else the CSS refers to must exist.
const notOurs = new Set(["assets/images/govuk-crest.svg"]);
const missing = [...css.matchAll(/url\(\s*["']?([^"')]+)["']?\s*\)/g)]
  .map((match) => match[1])
  .filter((url) => url.startsWith(staticUrl))
  .map((url) => url.slice(staticUrl.length))
  .filter((path) => !notOurs.has(path) && !existsSync(join(out, path)));
if (missing.length) {
  throw new Error(`The compiled CSS refers to files the build does not make: ${missing}`);
}

console.log(`assets built in ${out}`);
