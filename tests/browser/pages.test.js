/* pages.test.js - the web view in headless Chromium (playwright-core with
 * Debian's /usr/bin/chromium). Started by tests/browser/run.sh, which sets:
 *   SITREP_URL      the server's URL (a database of the seed articles)
 *   SITREP_RECORDS  a directory of `sitrep extract --rules` output per seed
 *   SHOTS           where screenshots go
 * Every check compares the page with an independent source: the records
 * the CLI wrote, or the JSON API. Prints "N passed, N failed". */
"use strict";
const fs = require("fs");
const path = require("path");
const { chromium } = require("playwright-core");

const BASE = process.env.SITREP_URL.replace(/\/$/, "");
const RECORDS = process.env.SITREP_RECORDS;
const SHOTS = process.env.SHOTS;
const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";

let passed = 0, failed = 0;
const notes = [];

function check(cond, what) {
  if (!cond) throw new Error(what);
}

async function test(name, fn) {
  try {
    await fn();
    passed++;
    console.log("ok    " + name);
  } catch (e) {
    failed++;
    console.log("FAIL  " + name + ": " + (e && e.stack ? e.stack.split("\n").slice(0, 3).join(" | ") : e));
  }
}

async function api(p, init) {
  const r = await fetch(BASE + p, init);
  const body = await r.text();
  return { status: r.status, headers: r.headers, body, json: () => JSON.parse(body) };
}

function fmtInt(n) {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/* kind of the mark that an incident value should produce */
const KINDS = { count: "count", date: "date", place: "place", perpetrator: "actor", cause: "cause", claimed_by: "claimant" };

function expectedSpans(rec) {
  const out = [];
  for (const inc of rec.incidents || []) {
    for (const c of inc.counts || []) if (c.evidence) out.push({ kind: "count", text: c.evidence.text, start: c.evidence.start });
    for (const k of ["date", "place", "perpetrator", "cause", "claimed_by"]) {
      const v = inc[k];
      if (v && v.evidence && v.evidence.end > v.evidence.start)
        out.push({ kind: KINDS[k], text: v.evidence.text, start: v.evidence.start });
    }
  }
  return out;
}

/* every mark group (data-m) of the page: kind and its words */
async function pageMarks(page) {
  return page.evaluate(() => {
    const groups = {};
    for (const m of document.querySelectorAll("#text mark[data-m]")) {
      const id = m.getAttribute("data-m");
      const kind = (m.className.match(/k-(\w+)/) || [])[1];
      /* a mark is cut into pieces where other spans begin or end; its words
       * are the text of the pieces with that id */
      if (!groups[id]) groups[id] = { kind, text: "" };
      let own = "";
      for (const n of m.childNodes) own += n.nodeType === 3 ? n.nodeValue : n.textContent;
      groups[id].text += own;
    }
    return Object.values(groups);
  });
}

async function newPage(browser, problems) {
  const ctx = await browser.newContext({ viewport: { width: 1360, height: 900 } });
  const page = await ctx.newPage();
  await page.addInitScript(() => {
    window.__csp = [];
    document.addEventListener("securitypolicyviolation", (e) => window.__csp.push(e.violatedDirective + " " + e.blockedURI));
  });
  page.on("pageerror", (e) => problems.push("page error: " + e.message));
  page.on("dialog", async (d) => { problems.push("a dialog opened: " + d.message()); await d.dismiss(); });
  return page;
}

async function noViolations(page, problems) {
  const csp = await page.evaluate(() => window.__csp || []);
  check(csp.length === 0, "CSP violations: " + csp.join("; "));
  check(problems.length === 0, problems.join("; "));
}

(async () => {
  /* playwright starts Chromium with a fresh, empty --user-data-dir of its own */
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
           "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  try {
    const records = fs.readdirSync(RECORDS).filter((f) => f.endsWith(".txt.json")).sort()
      .map((f) => ({ file: f.replace(/\.json$/, ""), rec: JSON.parse(fs.readFileSync(path.join(RECORDS, f), "utf8").split("\n")[0]) }));
    const incidents = (await api("/api/incidents?war=1&limit=2000")).json();

    await test("incidents page: rows and totals match the API", async () => {
      const problems = [];
      const page = await newPage(browser, problems);
      await page.goto(BASE + "/incidents?war=1&limit=2000");
      const rows = await page.locator("#incidents tbody tr").count();
      check(rows === incidents.incidents.length, `rows ${rows} != API ${incidents.incidents.length}`);
      const total = await page.textContent("#total-incidents");
      check(total.replace(/,/g, "") === String(incidents.total.incidents), `total ${total}`);
      /* every row's killed figure is the API's */
      const killed = await page.$$eval("#incidents tbody tr td.killed", (tds) => tds.map((t) => t.textContent));
      incidents.incidents.forEach((fi, i) => {
        if (fi.killed_low != null) check(killed[i].includes(fmtInt(fi.killed_low)), `row ${i}: ${killed[i]} lacks ${fi.killed_low}`);
      });
      await page.screenshot({ path: path.join(SHOTS, "incidents.png"), fullPage: true });
      /* a filter narrows the list, and the form keeps its values */
      await page.goto(BASE + "/incidents?place=Aleppo");
      const f = (await api("/api/incidents?place=Aleppo")).json();
      check(await page.locator("#incidents tbody tr").count() === f.incidents.length || f.incidents.length === 0, "place filter rows");
      check(await page.inputValue("input[name=place]") === "Aleppo", "the filter form keeps the place");
      await noViolations(page, problems);
      await page.context().close();
    });

    for (const { file, rec } of records) {
      await test(`article ${file}: every extracted span is highlighted by kind`, async () => {
        const problems = [];
        const page = await newPage(browser, problems);
        const r = await page.goto(BASE + "/docs/" + encodeURIComponent(rec.doc.id));
        check(r.status() === 200, "status " + r.status());
        const marks = await pageMarks(page);
        const want = expectedSpans(rec);
        for (const w of want) {
          const hit = marks.find((m) => m.kind === w.kind && m.text === w.text);
          check(hit, `no ${w.kind} mark for "${w.text}" (at ${w.start})`);
        }
        check(marks.length >= new Set(want.map((w) => w.kind + "@" + w.start + w.text)).size || want.length === 0,
              `${marks.length} marks for ${want.length} values`);
        /* the incidents beside the text, with their figures */
        const cards = await page.locator("section.inc").count();
        check(cards === rec.incidents.length, `${cards} incident cards, record has ${rec.incidents.length}`);
        for (let i = 0; i < rec.incidents.length; i++) {
          const card = (await page.textContent(`#inc-${i}`)).replace(/\s+/g, " ");
          for (const c of rec.incidents[i].counts) {
            check(card.includes(c.outcome + " " + c.group), `incident ${i + 1} lacks ${c.outcome} ${c.group}`);
            if (c.min != null) check(card.includes(fmtInt(c.min)), `incident ${i + 1} lacks the figure ${c.min}`);
          }
        }
        /* boilerplate greyed */
        const d = (await api("/api/docs/" + encodeURIComponent(rec.doc.id))).json();
        const bp = await page.locator("#text .bp").count();
        check((d.record.boilerplate.length > 0) === (bp > 0), `boilerplate: API ${d.record.boilerplate.length}, page ${bp}`);
        /* the page text is the article text */
        const shown = await page.evaluate(() => document.getElementById("text").textContent);
        check(shown === d.record.doc.text.replace(/\r\n/g, "\n"), "the article text differs from the stored body");
        /* hovering a figure says what it became */
        const first = page.locator("#text mark.k-count").first();
        if (await first.count()) {
          await first.hover();
          const said = await page.textContent("#inspector");
          check(/killed|injured|missing|detained|displaced|trapped/.test(said), "the inspector says nothing: " + said);
        }
        await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({ path: path.join(SHOTS, "article-" + file.replace(/\.txt$/, "") + ".png"), fullPage: true });
        await noViolations(page, problems);
        await page.context().close();
      });
    }

    await test("fused incident: every source's claim side by side, conflicts marked", async () => {
      const problems = [];
      const page = await newPage(browser, problems);
      const list = incidents.incidents.slice().sort((a, b) => b.claims.length - a.claims.length || b.conflicting - a.conflicting);
      check(list.length > 0, "no incidents in the store");
      const docOf = (f) => records.find((r) => r.file.startsWith(f)).rec.doc.id;
      /* the Saydnaya executions told by two articles, when the store fused them */
      const sayd = incidents.incidents.find((fi) => {
        const ids = fi.claims.map((c) => c.doc_id);
        return ids.includes(docOf("002_")) && ids.includes(docOf("004_"));
      });
      if (!sayd) notes.push("the store did not fuse the Saydnaya reports of 002 and 004 (fusion is the store's)");
      const pick = sayd || list[0];
      const fi = (await api("/api/incidents/" + pick.id)).json();
      await page.goto(BASE + "/incidents/" + pick.id);
      const cols = await page.locator("#claims thead th.source").count();
      check(cols === fi.claims.length, `${cols} source columns for ${fi.claims.length} claims`);
      const figRows = await page.locator("#figures tbody tr").count();
      check(figRows === fi.counts.length, `${figRows} figure rows for ${fi.counts.length} counts`);
      for (const c of fi.counts) {
        const row = page.locator(`#figures tr[data-outcome="${c.outcome}"][data-group="${c.group}"]`);
        const t = await row.textContent();
        if (c.low != null) check(t.includes(fmtInt(c.low)), `figure row lacks ${c.low}`);
        if (c.high != null) check(t.includes(fmtInt(c.high)), `figure row lacks ${c.high}`);
        check(((await row.getAttribute("class")) || "").includes("conflict") === c.conflict, "conflict marking of " + c.outcome);
      }
      if (fi.conflicting) check(await page.locator("#figures .badge.conflict").count() > 0, "no conflict badge");
      /* each claimed figure beside the sentence it came from */
      const quoted = await page.$$eval("#claims blockquote.sent mark.k-count", (ms) => ms.map((m) => m.textContent));
      for (const cl of fi.claims)
        for (const c of cl.counts)
          check(quoted.includes(c.evidence.text), `the words "${c.evidence.text}" are not quoted`);
      await page.screenshot({ path: path.join(SHOTS, "incident.png"), fullPage: true });
      /* print: no navigation, the table stays */
      await page.emulateMedia({ media: "print" });
      check(await page.evaluate(() => getComputedStyle(document.querySelector("header.top")).display) === "none", "navigation printed");
      await page.screenshot({ path: path.join(SHOTS, "incident-print.png"), fullPage: true });
      await page.pdf({ path: path.join(SHOTS, "incident.pdf"), format: "A4" });
      await noViolations(page, problems);
      await page.context().close();
    });

    await test("incidents page: totals computed by the store match the list", async () => {
      const problems = [];
      const page = await newPage(browser, problems);
      const all = (await api("/api/incidents?war=1&limit=2000")).json();
      const sum = { incidents: 0, conflicting: 0, claims: 0, killed_low: 0, killed_high: 0 };
      for (const fi of all.incidents) {
        sum.incidents++;
        sum.conflicting += fi.conflicting ? 1 : 0;
        sum.claims += fi.claims.length;
        if (fi.scope === "war") continue;
        if (fi.killed_low > 0) sum.killed_low += fi.killed_low;
        sum.killed_high += fi.killed_high > 0 ? fi.killed_high : fi.killed_low > 0 ? fi.killed_low : 0;
      }
      for (const k of Object.keys(sum)) check(all.total[k] === sum[k], `total.${k} ${all.total[k]} != ${sum[k]} over the rows`);
      /* a list cut short still gives the totals of all */
      await page.goto(BASE + "/incidents?war=1&limit=2");
      check(await page.locator("#incidents tbody tr").count() === Math.min(2, sum.incidents), "limit=2 rows");
      check((await page.textContent("#total-incidents")).replace(/,/g, "") === String(sum.incidents), "total incidents when cut short");
      check((await page.textContent("#total-claims")).replace(/,/g, "") === String(sum.claims), "total claims when cut short");
      if (sum.incidents > 2) check(await page.locator("#shown").count() === 1, "no 'showing the first' note");
      await noViolations(page, problems);
      await page.context().close();
    });

    await test("article page: what was stored, not what the extractor finds now", async () => {
      const problems = [];
      const page = await newPage(browser, problems);
      const now = JSON.parse(fs.readFileSync(path.join(RECORDS, "stored-check.rec"), "utf8").split("\n")[0]);
      const d = (await api("/api/docs/stored-check")).json();
      const stored = d.record;
      /* the stored rows were changed after ingest: another rule and figure for the last count, no cause words */
      const lastInc = stored.incidents.length - 1;
      const last = stored.incidents[lastInc].counts.slice(-1)[0];
      check(last.min === 4242 && last.evidence.rule === "rule.stored-in-db", "the API gives the stored count: " + JSON.stringify(last));
      const nowLast = now.incidents[lastInc].counts.slice(-1)[0];
      check(nowLast.min !== 4242 && nowLast.evidence.rule !== "rule.stored-in-db", "the extractor finds the stored values itself");
      check(stored.incidents.every((i) => !i.cause || i.cause.evidence.end === 0), "the API gives cause words that were deleted");
      check(now.incidents.some((i) => i.cause && i.cause.evidence.end > i.cause.evidence.start), "the extractor finds no cause words");
      await page.goto(BASE + "/docs/stored-check");
      const values = await page.textContent("#values");
      check(values.includes("rule.stored-in-db"), "the stored rule is not shown");
      check(values.includes("at least 4,242") || values.includes("4,242"), "the stored figure is not shown");
      const card = (await page.textContent(`#inc-${lastInc}`)).replace(/\s+/g, " ");
      check(card.includes("4,242"), "the incident card lacks the stored figure: " + card);
      check(await page.locator("#text mark.k-cause").count() === 0, "cause words marked that are not stored");
      /* every stored span is marked, with the words of the stored offsets */
      const marks = await pageMarks(page);
      for (const w of expectedSpans(stored))
        check(marks.find((m) => m.kind === w.kind && m.text === w.text), `no ${w.kind} mark for the stored "${w.text}"`);
      /* the incidents link to the fused incidents that hold them */
      for (let i = 0; i < d.fused.length; i++)
        if (d.fused[i] != null)
          check(await page.locator(`#inc-${i} a[href="/incidents/${d.fused[i]}"]`).count() === 1, `incident ${i + 1}: no link to its fused incident`);
      check((await page.textContent(".note")).includes("As stored at ingest"), "no note that the page shows what was stored");
      await page.screenshot({ path: path.join(SHOTS, "article-stored.png"), fullPage: true });
      await noViolations(page, problems);
      await page.context().close();
    });

    await test("fused incident: each figure beside the sentence extraction cut and stored", async () => {
      const problems = [];
      const page = await newPage(browser, problems);
      const byId = new Map(records.map((r) => [r.rec.doc.id, r.rec]));
      let checked = 0;
      for (const row of incidents.incidents) {
        if (!row.claims.some((c) => byId.has(c.doc_id))) continue;
        const fi = (await api("/api/incidents/" + row.id)).json();
        await page.goto(BASE + "/incidents/" + row.id);
        for (const cl of fi.claims) {
          const rec = byId.get(cl.doc_id);
          for (const c of cl.counts) {
            check(c.sentence && c.sentence.text, `${cl.doc_id}: no stored sentence for "${c.evidence.text}"`);
            /* the sentence is one that extraction cut for the incident of this count (the CLI's record) */
            if (rec) {
              const inc = rec.incidents.find((i) => i.counts.some((k) => k.evidence.start === c.evidence.start && k.evidence.end === c.evidence.end));
              check(inc, `${cl.doc_id}: no incident of the record holds the count at ${c.evidence.start}`);
              const s = inc.sentences.find(([a, z]) => a <= c.evidence.start && c.evidence.start < z);
              check(s && s[0] === c.sentence.start && (s[1] === c.sentence.end || c.evidence.end > s[1]),
                    `${cl.doc_id}: the sentence [${c.sentence.start}, ${c.sentence.end}) is not the record's ${JSON.stringify(s)}`);
              const body = Buffer.from((await api("/api/docs/" + encodeURIComponent(cl.doc_id))).json().record.doc.text, "utf8");
              check(body.subarray(c.sentence.start, c.sentence.end).toString("utf8") === c.sentence.text,
                    `${cl.doc_id}: the sentence text is not the article's words at [${c.sentence.start}, ${c.sentence.end})`);
            }
            /* the page quotes that sentence, the words marked */
            const q = page.locator(`#claims blockquote.sent:has(mark[data-start="${c.evidence.start}"])`).first();
            const shown = (await q.textContent()).replace(/\s+/g, " ").trim();
            check(shown === c.sentence.text.replace(/\s+/g, " ").trim(), `${cl.doc_id}: quoted "${shown}", stored "${c.sentence.text}"`);
            checked++;
          }
        }
      }
      check(checked > 0, "no claim of a seed article was checked");
      await noViolations(page, problems);
      await page.context().close();
    });

    await test("fused incident of twelve sources: every claim prints, stacked", async () => {
      const problems = [];
      const page = await newPage(browser, problems);
      const row = incidents.incidents.find((fi) => fi.claims.filter((c) => c.doc_id.startsWith("many-")).length === 12);
      check(row, "the twelve reports did not fuse into one incident");
      await page.setViewportSize({ width: 794, height: 1123 }); /* A4 at 96 dpi */
      await page.goto(BASE + "/incidents/" + row.id);
      await page.emulateMedia({ media: "print" });
      const r = await page.evaluate(() => {
        const width = document.documentElement.clientWidth;
        const cells = [...document.querySelectorAll("#claims tbody td")];
        const out = cells.filter((td) => { const b = td.getBoundingClientRect(); return b.right > width + 1 || b.width <= 0; });
        const labels = [...document.querySelectorAll("#claims tbody td .srclabel")].filter((l) => getComputedStyle(l).display !== "none");
        const figs = [...document.querySelectorAll("#claims blockquote.sent mark.k-count")].map((m) => m.textContent);
        return { width, cells: cells.length, out: out.length, labels: labels.length, figs, scroll: document.documentElement.scrollWidth };
      });
      check(r.out === 0, `${r.out} of ${r.cells} claim cells run past the printed page (${r.width}px)`);
      check(r.scroll <= r.width + 1, `the printed page is ${r.scroll}px wide, more than ${r.width}px`);
      check(r.labels === r.cells, `${r.labels} of ${r.cells} printed cells name their source`);
      for (let n = 10; n < 22; n++) check(r.figs.some((f) => f.includes(String(n))), `the claim of ${n} is not printed`);
      await page.screenshot({ path: path.join(SHOTS, "incident-many-print.png"), fullPage: true });
      await page.pdf({ path: path.join(SHOTS, "incident-many.pdf"), format: "A4" });
      /* on screen: side by side, the labels hidden */
      await page.emulateMedia({ media: "screen" });
      await page.setViewportSize({ width: 1360, height: 900 });
      const cols = await page.locator("#claims thead th.source").count();
      check(cols === 12, `${cols} source columns on screen`);
      check(await page.locator("#claims tbody td .srclabel").first().isHidden(), "source labels shown on screen");
      await noViolations(page, problems);
      await page.context().close();
    });

    await test("map and timeline: outlines, a circle per located incident, a bar per day", async () => {
      const problems = [];
      const page = await newPage(browser, problems);
      const m = (await api("/api/map?war=1")).json();
      await page.goto(BASE + "/map?war=1");
      const paths = await page.locator("svg.map g.home path, svg.map g.land path").count();
      check(paths > 0, "no country outlines drawn");
      /* a circle per point in view; the points outside the view are listed below the map */
      const circles = await page.locator("svg.map circle.pt").count();
      const onMap = Number(await page.textContent("#on-map"));
      const listed = await page.locator(".mapfig figcaption a").count();
      check(circles === onMap, `${circles} circles, the page says ${onMap}`);
      check(circles + listed === m.points.length, `${circles} circles + ${listed} listed for ${m.points.length} points`);
      check(circles >= listed, "most incidents should be in view");
      const bars = await page.locator("svg.timeline g.bar").count();
      const days = m.days.filter((d) => d.killed_high > 0 || d.killed_low > 0).length;
      check(bars === days || (bars > 0 && bars < days), `${bars} bars for ${days} days`);
      const names = await page.$$eval("svg.map .cname text", (t) => t.map((x) => x.textContent));
      if (m.points.length) check(names.includes("Syria"), "Syria is not named on the map: " + names.join(", "));
      await page.screenshot({ path: path.join(SHOTS, "map.png"), fullPage: true });
      await page.emulateMedia({ media: "print" });
      await page.screenshot({ path: path.join(SHOTS, "map-print.png"), fullPage: true });
      await noViolations(page, problems);
      await page.context().close();
    });

    const hostile = "Breaking news <script>alert('pwned')</script>\n\n" +
      "At least 12 civilians were killed in Aleppo on Monday, the UN said. " +
      "<a href=\"javascript:alert(2)\">read more</a> <img src=x onerror=\"alert(3)\"> " +
      "<b onmouseover=\"alert(4)\">hover</b> <iframe src=\"javascript:alert(5)\"></iframe>\n";

    await test("paste an article: extracted and shown, hostile markup stays text", async () => {
      const problems = [];
      const page = await newPage(browser, problems);
      await page.goto(BASE + "/paste");
      await page.fill("textarea[name=text]", hostile);
      await page.fill("input[name=published]", "2016-12-13");
      await Promise.all([page.waitForNavigation(), page.click("button[type=submit]")]);
      const scripts = await page.$$eval("script", (s) => s.map((x) => x.getAttribute("src")));
      check(scripts.length === 1 && scripts[0] === "/assets/app.js", "scripts: " + JSON.stringify(scripts));
      check(await page.locator("#text img, #text iframe, #text b, a[href^='javascript']").count() === 0, "markup from the text became elements");
      const shown = await page.textContent("#text");
      check(shown.includes("<script>alert('pwned')</script>"), "the script tag is not shown as text");
      check(shown.includes("<a href=\"javascript:alert(2)\">"), "the link is not shown as text");
      await page.hover("#text");
      await page.mouse.move(10, 10);
      check(await page.textContent(".note") !== null, "no 'not stored' note");
      await page.screenshot({ path: path.join(SHOTS, "paste-result.png"), fullPage: true });
      await noViolations(page, problems);
      await page.context().close();
    });

    await test("POST /api/extract: the record of a pasted text, not stored", async () => {
      const r = await api("/api/extract?published=2016-12-13", { method: "POST", headers: { "Content-Type": "text/plain" }, body: hostile });
      check(r.status === 200, "status " + r.status);
      check(r.headers.get("content-security-policy").includes("script-src 'self'"), "no CSP header");
      check(r.headers.get("x-content-type-options") === "nosniff", "no nosniff header");
      const j = r.json();
      check(j.stored === null, "stored without --allow-ingest");
      check(j.record.doc.text === hostile, "the body changed");
      check(j.record.doc.published === "2016-12-13", "published not taken");
      const s = await api("/api/extract", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ text: hostile, store: true }) });
      check(s.status === 403, "storing without --allow-ingest gave " + s.status);
    });
  } finally {
    await browser.close();
  }
  for (const n of notes) console.log("note  " + n);
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
})().catch((e) => {
  console.log("FAIL  browser: " + e.stack);
  console.log(`${passed} passed, ${failed + 1} failed`);
  process.exit(1);
});
