/**
 * A suite's results as JUnit XML, the format CI systems read test reports in: one
 * `<testsuite>` per group (scenarios, property seeds), one `<testcase>` per case, a
 * `<failure>`, `<error>` or `<skipped>` with its message, and the details in `<system-out>`.
 * It carries no timings, so the same suite gives the same bytes on one machine or on a
 * cluster, run after run.
 *
 * @example
 * const xml = junitXml('drift-sim suite', [{ name: 'seed 1', group: 'property seeds', status: 'passed', message: 'yes/integration', detail: '', simulations: 3 }]);
 */

export interface JunitCase {
  name: string;
  group: string;
  status: 'passed' | 'failed' | 'skipped' | 'error';
  message: string;
  detail: string;
}

/** The XML document for `cases`, grouped in order of first appearance. */
export function junitXml(title: string, cases: readonly JunitCase[]): string {
  const groups = new Map<string, JunitCase[]>();
  for (const testCase of cases) {
    const group = groups.get(testCase.group) ?? [];
    group.push(testCase);
    groups.set(testCase.group, group);
  }
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>', `<testsuites name="${attribute(title)}" ${counts(cases)}>`];
  for (const [group, members] of groups) {
    lines.push(`  <testsuite name="${attribute(group)}" ${counts(members)}>`);
    for (const testCase of members) {
      lines.push(`    <testcase classname="${attribute(`drift-sim.${group.replace(/\s+/g, '-')}`)}" name="${attribute(testCase.name)}">`);
      if (testCase.status === 'failed') lines.push(`      <failure message="${attribute(testCase.message)}" type="verdict">${text(testCase.detail)}</failure>`);
      if (testCase.status === 'error') lines.push(`      <error message="${attribute(testCase.message)}" type="error">${text(testCase.detail)}</error>`);
      if (testCase.status === 'skipped') lines.push(`      <skipped message="${attribute(testCase.message)}"/>`);
      if (testCase.status === 'passed' && testCase.detail) lines.push(`      <system-out>${text(`${testCase.message}\n${testCase.detail}`)}</system-out>`);
      lines.push('    </testcase>');
    }
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>');
  return `${lines.join('\n')}\n`;
}

function counts(cases: readonly JunitCase[]): string {
  const count = (status: JunitCase['status']) => cases.filter((testCase) => testCase.status === status).length;
  return `tests="${cases.length}" failures="${count('failed')}" errors="${count('error')}" skipped="${count('skipped')}"`;
}

/** XML 1.0 has no place for most control characters; they become U+FFFD. */
function clean(value: string): string {
  return value.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '\ufffd');
}

function text(value: string): string {
  return clean(value).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function attribute(value: string): string {
  return text(value).replace(/"/g, '&quot;').replace(/\n/g, '&#10;');
}
