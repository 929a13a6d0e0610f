package dev.clinicsync.examples.demo;

import java.util.Locale;

/** The five systems a demo clinician's calendar is spread across. */
public enum DemoSource {
  SIMPLEPRACTICE,
  ATHENAHEALTH,
  KAREO,
  ZOCDOC,
  GOOGLE;

  /** The source-system id the SDK uses ({@code simplepractice}, {@code athenahealth}, ...). */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
