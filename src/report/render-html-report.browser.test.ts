import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { type Browser, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromiumInstallHint, findChromium, isContinuousIntegration } from "../testing/find-chromium.js";
import { createStoredRunFixture } from "../testing/stored-run-fixture.js";
import { renderHtmlReport } from "./render-html-report.js";
import { renderStepsChart } from "./render-steps-chart.js";

const scriptAttack = "<script>window.__pwned=1</script>";
const imageAttack = `<img src=x onerror="window.__pwned=1">`;

let browser: Browser;
let folder = "";

const chromiumPath = findChromium({ env: process.env });
/** On CI the browser tests are required: a missing Chromium fails them instead of skipping them. */
const isCI = isContinuousIntegration({ env: process.env });
/** Without Chromium and off CI the tests are skipped; vitest's global setup says why, once. */
const describeInBrowser = describe.skipIf(chromiumPath === undefined && !isCI);

beforeAll(async () => {
  if (chromiumPath === undefined) {
    if (isCI) throw new Error(`No Chromium for the browser tests, which CI requires: ${chromiumInstallHint}.`);
    return;
  }
  browser = await chromium.launch({
    executablePath: chromiumPath,
    args: [
      "--no-sandbox",
      "--headless",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  folder = mkdtempSync(join(tmpdir(), "dlmpo-report-"));
});

afterAll(async () => {
  await browser?.close();
  if (folder !== "") rmSync(folder, { recursive: true, force: true });
});

/** Opens `html` from a file:// URL and collects console errors, page errors and failed requests. */
async function open(html: string, name: string) {
  const path = join(folder, name);
  writeFileSync(path, html);
  const page = await browser.newPage();
  const problems: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error" || message.type() === "warning") problems.push(message.text());
  });
  page.on("pageerror", (error) => problems.push(error.message));
  page.on("requestfailed", (request) => problems.push(`request failed: ${request.url()}`));
  await page.goto(pathToFileURL(path).href, { waitUntil: "load" });
  return { page, problems };
}

describeInBrowser("renderHtmlReport in Chromium", () => {
  it("renders without console errors, with its charts laid out", async () => {
    const { page, problems } = await open(renderHtmlReport(createStoredRunFixture()), "report.html");
    expect(problems).toEqual([]);
    const sizes = await page
      .locator("svg.chart")
      .evaluateAll((elements) => elements.map((element) => element.getBoundingClientRect().width));
    expect(sizes).toHaveLength(3);
    for (const width of sizes) expect(width).toBeGreaterThan(100);
    await expect(page.locator("h1").textContent()).resolves.toContain("run_fixture");
    await page.close();
  });

  it("keeps script and onerror payloads in traces and prompts inert and visible as text", async () => {
    const fixture = createStoredRunFixture({ injectedText: `${scriptAttack} ${imageAttack}` });
    const { page, problems } = await open(renderHtmlReport(fixture), "attack.html");
    expect(problems).toEqual([]);
    expect(await page.evaluate("typeof window.__pwned")).toBe("undefined");
    expect(await page.locator("script").count()).toBe(0);
    expect(await page.locator("body img").count()).toBe(0);
    const text = (await page.locator("body").textContent()) ?? "";
    expect(text).toContain(scriptAttack);
    expect(text).toContain(imageAttack);
    await page.close();
  });

  it("also stays inert when loaded with setContent", async () => {
    const page = await browser.newPage();
    const html = renderHtmlReport(createStoredRunFixture({ injectedText: imageAttack, runId: scriptAttack }));
    await page.setContent(html, { waitUntil: "load" });
    expect(await page.evaluate("typeof window.__pwned")).toBe("undefined");
    await expect(page.locator("h1").textContent()).resolves.toContain(scriptAttack);
    await page.close();
  });
});

describeInBrowser("renderStepsChart in Chromium", () => {
  it("is a valid standalone SVG document", async () => {
    const svg = renderStepsChart({
      points: [
        { steps: 8, devScore: 0.7, costUsd: 0.1 },
        { steps: 16, devScore: 0.75, costUsd: 0.2 },
      ],
    });
    const { page, problems } = await open(svg, "steps.svg");
    expect(problems).toEqual([]);
    // An XML parse error replaces the document with a <parsererror> element.
    expect(await page.locator("parsererror").count()).toBe(0);
    expect(await page.locator("polyline").count()).toBe(2);
    await page.close();
  });
});
