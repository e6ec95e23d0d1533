/**
 * The report's one stylesheet, inlined into the page so the file works offline, attached to
 * an email or a ticket. System fonts only (no web font to fetch); light colours that print.
 *
 * @example
 * `<style>${REPORT_CSS}</style>`
 */
import { ALERT_COLOUR } from './chart-timeline.js';

export const REPORT_CSS = `
:root { color-scheme: light; --ink: #101828; --muted: #475467; --faint: #667085; --line: #e4e7ec; --paper: #ffffff; --page: #f2f4f7;
  --integration: #175cd3; --integration-bg: #eff8ff; --process: #b54708; --process-bg: #fffaeb; --both: #6941c6; --both-bg: #f4f3ff;
  --unexplained: #475467; --unexplained-bg: #f9fafb; --alert: ${ALERT_COLOUR}; --ok: #067647; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; background: var(--page); color: var(--ink); font: 16px/1.55 Inter, "Segoe UI", "Helvetica Neue", Helvetica, Arial, sans-serif; }
code, pre, .mono { font-family: "SFMono-Regular", "JetBrains Mono", Menlo, Consolas, "Liberation Mono", monospace; font-size: 0.88em; }
a { color: var(--integration); }
.wrap { max-width: 1000px; margin: 0 auto; padding: 0 20px; }
.masthead { background: #101828; color: #f2f4f7; font-size: 14px; }
.masthead .wrap { display: flex; flex-wrap: wrap; gap: 6px 18px; align-items: baseline; padding-top: 10px; padding-bottom: 10px; }
.masthead .brand { font-weight: 700; letter-spacing: 0.02em; }
.masthead .incident { margin-left: auto; color: #d0d5dd; overflow-wrap: anywhere; }
main.wrap { padding-top: 24px; padding-bottom: 40px; }
section.card { background: var(--paper); border: 1px solid var(--line); border-radius: 10px; padding: 22px 26px; margin: 0 0 20px; }
h1, h2, h3 { line-height: 1.25; margin: 0 0 10px; }
h2 { font-size: 20px; }
h3 { font-size: 17px; }
p { margin: 0 0 10px; }
.eyebrow { text-transform: uppercase; letter-spacing: 0.06em; font-size: 12px; font-weight: 600; color: var(--muted); margin-bottom: 6px; }
.verdict { border-left: 8px solid var(--tone); background: var(--tone-bg); }
.verdict h1 { font-size: 34px; color: var(--tone); margin-bottom: 12px; }
.verdict .lead { font-size: 18px; max-width: 62em; }
.tone-integration { --tone: var(--integration); --tone-bg: var(--integration-bg); }
.tone-process { --tone: var(--process); --tone-bg: var(--process-bg); }
.tone-both { --tone: var(--both); --tone-bg: var(--both-bg); }
.tone-unexplained { --tone: var(--unexplained); --tone-bg: var(--unexplained-bg); }
.tone-drift { --tone: #b42318; --tone-bg: #fef3f2; }
.tone-neutral { --tone: var(--ink); --tone-bg: var(--paper); }
.tone-ok { --tone: var(--ok); --tone-bg: #ecfdf3; }
.route { margin-top: 16px; background: var(--paper); border: 1px solid var(--line); border-radius: 8px; padding: 14px 18px; }
.route .route-label { display: block; font-size: 12px; font-weight: 600; text-transform: uppercase; letter-spacing: 0.06em; color: var(--muted); }
.route .route-to { font-size: 20px; font-weight: 700; margin: 2px 0 6px; color: var(--ink); }
.route ol { margin: 4px 0 6px; padding-left: 22px; font-size: 17px; }
.route p { color: var(--muted); margin: 0; }
.facts { display: grid; grid-template-columns: repeat(auto-fit, minmax(220px, 1fr)); gap: 14px; margin: 0 0 20px; }
.fact { background: var(--paper); border: 1px solid var(--line); border-radius: 10px; padding: 14px 18px; }
.fact .label { font-size: 12px; font-weight: 600; text-transform: uppercase; letter-spacing: 0.06em; color: var(--muted); }
.fact .value { font-size: 24px; font-weight: 700; margin: 2px 0; }
.fact .note { font-size: 14px; color: var(--muted); margin: 0; }
.value.good { color: var(--ok); } .value.bad { color: var(--alert); }
ol.faults { list-style: none; margin: 0; padding: 0; counter-reset: fault; }
ol.faults > li { border: 1px solid var(--line); border-radius: 8px; padding: 14px 18px 10px; margin: 0 0 12px; counter-increment: fault; }
.fault-head { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; margin-bottom: 6px; }
.fault-head::before { content: counter(fault); display: inline-grid; place-items: center; width: 24px; height: 24px; border-radius: 50%; background: #101828; color: #fff; font-size: 13px; font-weight: 700; }
.fault-head strong { font-size: 17px; }
.badge { display: inline-block; border-radius: 999px; padding: 1px 10px; font-size: 12px; font-weight: 600; border: 1px solid currentColor; }
.badge.integration { color: var(--integration); background: var(--integration-bg); }
.badge.process { color: var(--process); background: var(--process-bg); }
.fault-words { font-size: 16px; }
dl.params { display: flex; flex-wrap: wrap; gap: 4px 8px; margin: 6px 0 8px; font-size: 14px; }
dl.params > div { display: inline-flex; gap: 6px; align-items: baseline; background: #f9fafb; border: 1px solid var(--line); border-radius: 6px; padding: 1px 8px; }
dl.params dt { color: var(--muted); }
dl.params dd { margin: 0; overflow-wrap: anywhere; }
.between { font-size: 14px; color: var(--muted); }
pre.command { background: #101828; color: #f2f4f7; border-radius: 8px; padding: 14px 16px; overflow-x: auto; white-space: pre-wrap; overflow-wrap: anywhere; user-select: all; -webkit-user-select: all; margin: 0 0 10px; }
.muted { color: var(--muted); }
.small { font-size: 14px; }
.key { display: flex; flex-wrap: wrap; gap: 8px 22px; font-size: 14px; color: var(--muted); margin: 4px 0 16px; padding: 10px 14px; border: 1px dashed var(--line); border-radius: 8px; }
.key span.item { display: inline-flex; align-items: center; gap: 7px; }
.glyph { display: inline-block; flex: none; }
.glyph.line { width: 22px; height: 4px; border-radius: 2px; background: var(--c); }
.glyph.dot { width: 9px; height: 9px; border-radius: 50%; background: #667085; }
.glyph.ring { width: 14px; height: 14px; border-radius: 50%; border: 2px solid var(--alert); }
.glyph.rule { width: 0; height: 16px; border-left: 2px dashed #667085; }
.glyph.paused { width: 18px; height: 14px; background: rgba(152, 162, 179, 0.35); }
.glyph.evidence { width: 18px; height: 14px; background: rgba(253, 224, 71, 0.55); border: 1px solid rgba(202, 138, 4, 0.35); }
.glyph.log { width: 0; height: 0; border-left: 6px solid transparent; border-right: 6px solid transparent; border-bottom: 10px solid var(--alert); }
.sku-chart { border-top: 1px solid var(--line); padding-top: 18px; margin-top: 18px; }
.sku-chart h3 { display: flex; flex-wrap: wrap; gap: 4px 12px; align-items: baseline; }
.sku-chart h3 code { font-size: 17px; overflow-wrap: anywhere; }
.sku-chart h3 .title { font-weight: 400; color: var(--muted); font-size: 15px; }
figure.chart { margin: 8px 0 6px; overflow-x: auto; }
figure.chart svg { display: block; max-width: 100%; height: auto; }
details { margin: 6px 0 0; }
summary { cursor: pointer; color: var(--integration); font-size: 14px; }
table { border-collapse: collapse; font-size: 13.5px; margin: 8px 0; width: 100%; }
th, td { text-align: left; padding: 4px 10px 4px 0; border-bottom: 1px solid var(--line); vertical-align: top; }
th { color: var(--muted); font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
td.miss { color: var(--alert); font-weight: 600; }
.table-scroll { overflow-x: auto; }
.swatch { display: inline-block; width: 10px; height: 10px; border-radius: 2px; background: var(--c); margin-right: 6px; vertical-align: baseline; }
footer { color: var(--faint); font-size: 13px; padding: 0 0 40px; }
footer code { overflow-wrap: anywhere; }
@media (max-width: 640px) { .verdict h1 { font-size: 26px; } section.card { padding: 16px; } }
@media print { body { background: #fff; } .masthead { background: #fff; color: #000; border-bottom: 2px solid #000; } section.card, .sku-chart { break-inside: avoid; } pre.command { background: #f2f4f7; color: #000; } }
`;
