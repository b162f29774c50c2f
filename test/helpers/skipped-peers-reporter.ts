import type { Reporter, TestModule } from 'vitest/node';

/**
 * Prints one line after the summary when whole test files were skipped, which locally means a
 * real peer (Apache Kafka jars, kcat, Chromium, the Kafka Streams harness) is not installed: a
 * new user should not miss that part of the suite did not run. In CI missing peers fail instead.
 */
export default class SkippedPeersReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const skipped = testModules.filter((m) => {
      const tests = [...m.children.allTests()];
      return tests.length > 0 && tests.every((t) => t.result().state === 'skipped');
    });
    if (skipped.length === 0) return;
    const names = skipped.map((m) => m.relativeModuleId).sort();
    console.warn(
      `\n[peers] ${skipped.length} test file(s) skipped entirely, usually because a real peer is not installed here ` +
        `(see the [skip] lines above). \`bash .ci/run\` installs them all, or run the .ci/setup-*.sh scripts:\n` +
        names.map((n) => `  - ${n}`).join('\n'),
    );
  }
}
