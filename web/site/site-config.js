// @ts-check
// The site's own settings, part of the page's code (served and cached with it, never with the
// trust data it checks). A real deployment keeps `demo: null`: the page verifies with the device
// clock. Only web/tools/build_site.mjs, when the site's trust data is the demo world's (no --root
// and --trust-list given), writes the demo world's clock and root key here; the worker then
// verifies as of that fixed date, under that root only, and the page says so on screen
// (docs/WEB.md, "Demo clock"). Nothing in trust/* or in the address can turn it on.

/** @typedef {{clock: string, root_public_key: string}} DemoSettings */
/** @type {{demo: DemoSettings | null}} */
export const kSiteConfig = { demo: null };
