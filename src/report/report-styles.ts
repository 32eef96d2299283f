/** The report's whole stylesheet, inlined into a `<style>` element (the CSP allows inline styles only). */
export const reportStyles = `
:root { color-scheme: light; }
body { font: 14px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: #222; margin: 0 auto; max-width: 1180px; padding: 24px; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 18px; margin: 32px 0 8px; border-bottom: 1px solid #ddd; padding-bottom: 4px; }
h3 { font-size: 15px; margin: 20px 0 6px; }
.meta { color: #555; margin: 0 0 16px; }
.meta span { margin-right: 16px; }
table { border-collapse: collapse; margin: 8px 0; }
th, td { border: 1px solid #ddd; padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: #f5f5f5; }
td.number { text-align: right; font-variant-numeric: tabular-nums; }
pre { background: #fafafa; border: 1px solid #e4e4e4; padding: 10px; white-space: pre-wrap; word-break: break-word; margin: 6px 0; }
pre.diff del { background: #fde2e1; color: #8a1c16; text-decoration: line-through; }
pre.diff ins { background: #ddf4e0; color: #145c22; text-decoration: none; }
mark.fill { background: #fff3b0; outline: 1px dashed #c9a400; }
.legend mark, .legend ins, .legend del { padding: 0 3px; }
.legend del { background: #fde2e1; }
.legend ins { background: #ddf4e0; text-decoration: none; }
.chart { display: block; margin: 8px 0; max-width: 100%; height: auto; }
.charts { display: flex; flex-wrap: wrap; gap: 16px; }
.empty { color: #777; font-style: italic; }
.verdict { font-weight: 600; }
.flip td pre { margin: 0; max-height: 12em; overflow: auto; }
.note { color: #555; font-size: 13px; }
`;
