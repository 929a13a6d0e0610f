package dev.clinicsync.conflict;

import static org.quicktheories.QuickTheory.qt;

import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import org.quicktheories.api.AsString;
import org.quicktheories.core.Gen;
import org.quicktheories.core.Reporter;

/**
 * Runs a QuickTheories property inside a plain JUnit 5 test, with a failure report that reads: the
 * smallest failing case found by shrinking, described one step a line, the assertion it broke as
 * the cause, and the seed to replay it ({@code -DQT_SEED=...}, which surefire passes on).
 *
 * <p>Seeds are random unless {@code QT_SEED} is set, so every run explores new cases; more
 * examples than a property asks for can be had with {@code -DQT_EXAMPLES=...}.
 */
final class PropertyChecks {
  /** How often the shrinker may rerun a property while it looks for a smaller failing case. */
  static final int SHRINK_CYCLES = 2_000;

  private PropertyChecks() {}

  /**
   * Checks {@code property} on at least {@code examples} values of {@code gen} (more when
   * {@code QT_EXAMPLES} asks for more).
   *
   * @param describe how a failing value is shown: one line per step reads best
   */
  static <T> void forAll(int examples, Gen<T> gen, Function<T, String> describe, Consumer<T> property) {
    qt().withExamples(Math.max(examples, Integer.getInteger("QT_EXAMPLES", 0)))
        .withShrinkCycles(SHRINK_CYCLES)
        .withReporter(new ReadableReporter())
        .forAll(gen.describedAs(describe::apply))
        .checkAssert(property);
  }

  /** Throws an {@link AssertionError} naming the smallest case, with the broken assertion as its cause. */
  static final class ReadableReporter implements Reporter {
    @Override
    public void falisification(long seed, int examplesUsed, Object smallest, Throwable cause, List<Object> others,
        AsString<Object> asString) {
      throw new AssertionError(header(seed, examplesUsed, smallest, others, asString)
          + System.lineSeparator() + "It failed with: " + cause, cause);
    }

    @Override
    public void falisification(long seed, int examplesUsed, Object smallest, List<Object> others,
        AsString<Object> asString) {
      throw new AssertionError(header(seed, examplesUsed, smallest, others, asString)
          + System.lineSeparator() + "It returned false.");
    }

    @Override
    public void valuesExhausted(int found) {
      throw new IllegalStateException("Gave up after finding only " + found + " example(s) matching the assumptions");
    }

    private static String header(long seed, int examplesUsed, Object smallest, List<Object> others,
        AsString<Object> asString) {
      String n = System.lineSeparator();
      return "Property falsified after " + examplesUsed + " example(s); replay with -DQT_SEED=" + seed + n
          + "Smallest failing case (" + others.size() + " other failing case(s) found while shrinking):" + n
          + asString.asString(smallest);
    }
  }
}
