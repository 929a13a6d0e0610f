package dev.clinicsync.conflict;

import static org.quicktheories.QuickTheory.qt;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import org.quicktheories.api.AsString;
import org.quicktheories.core.Gen;
import org.quicktheories.core.Reporter;

/**
 * Runs a QuickTheories property inside a plain JUnit 5 test, with a failure report that reads: the
 * smallest failing case, described one step a line, the assertion it broke as the cause, and the
 * seed that replays it ({@code -DQT_SEED=...}, which surefire passes on to the tests).
 *
 * <p>QuickTheories shrinks the random draws behind a case; a draw that shrinks can shift every
 * later one, so a failing scenario often keeps steps it does not need. A property may therefore
 * name smaller candidates of a failing case (a scenario without one of its steps): they are tried
 * greedily, and the report shows the case no candidate of which still fails.
 *
 * <p>Seeds are random unless {@code QT_SEED} is set, so every run explores new cases;
 * {@code -DQT_EXAMPLES=...} asks for more examples than a property's own count, never fewer.
 */
final class PropertyChecks {
  /** How often QuickTheories may rerun a property while it shrinks a failing case. */
  static final int SHRINK_CYCLES = 2_000;

  private PropertyChecks() {}

  /**
   * Checks {@code property} on at least {@code examples} values of {@code gen}.
   *
   * @param describe how a failing case is shown: one line per step reads best
   * @param smaller smaller variants of a failing case, tried after QuickTheories' own shrinking
   */
  static <T> void forAll(int examples, Gen<T> gen, Function<T, String> describe, Function<T, Stream<T>> smaller,
      Consumer<T> property) {
    qt().withExamples(Math.max(examples, Integer.getInteger("QT_EXAMPLES", 0)))
        .withShrinkCycles(SHRINK_CYCLES)
        .withReporter(new ReadableReporter<>(describe, smaller, property))
        .forAll(gen)
        .checkAssert(property);
  }

  /** Throws an {@link AssertionError} naming the smallest case, with the broken assertion as its cause. */
  static final class ReadableReporter<T> implements Reporter {
    private final Function<T, String> describe;
    private final Function<T, Stream<T>> smaller;
    private final Consumer<T> property;

    ReadableReporter(Function<T, String> describe, Function<T, Stream<T>> smaller, Consumer<T> property) {
      this.describe = describe;
      this.smaller = smaller;
      this.property = property;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void falisification(long seed, int examplesUsed, Object smallest, Throwable cause, List<Object> others,
        AsString<Object> asString) {
      T value = (T) smallest;
      Throwable failure = cause;
      int removed = 0;
      boolean progress = true;
      while (progress) {
        progress = false;
        for (T candidate : (Iterable<T>) smaller.apply(value)::iterator) {
          Optional<Throwable> f = failureOf(candidate);
          if (f.isPresent()) {
            value = candidate;
            failure = f.get();
            removed++;
            progress = true;
            break;
          }
        }
      }
      String n = System.lineSeparator();
      throw new AssertionError("Property falsified after " + examplesUsed + " example(s); replay with -DQT_SEED="
          + seed + n + "Smallest failing case (" + others.size() + " other failing case(s) seen while shrinking, then "
          + removed + " smaller one(s)):" + n + describe.apply(value) + n + "It failed with: " + failure, failure);
    }

    @Override
    public void falisification(long seed, int examplesUsed, Object smallest, List<Object> others,
        AsString<Object> asString) {
      throw new AssertionError("Property falsified after " + examplesUsed + " example(s); replay with -DQT_SEED="
          + seed + System.lineSeparator() + asString.asString(smallest));
    }

    @Override
    public void valuesExhausted(int found) {
      throw new IllegalStateException("Gave up after finding only " + found + " example(s) matching the assumptions");
    }

    private Optional<Throwable> failureOf(T candidate) {
      try {
        property.accept(candidate);
        return Optional.empty();
      } catch (Exception | AssertionError e) {
        return Optional.of(e);
      }
    }
  }
}
