package dev.clinicsync.connectors.simplepractice;

import dev.clinicsync.connectors.icsfeed.IcsFeedConfig;
import dev.clinicsync.connectors.icsfeed.IcsFeedPreset;
import dev.clinicsync.core.connector.ConnectorConfig;
import dev.clinicsync.core.model.AppointmentType;
import dev.clinicsync.core.model.SourceSystem;

/**
 * SimplePractice's calendar subscription feed as a preset of the generic iCalendar feed connector:
 * configurations of type {@value #TYPE} are {@link IcsFeedConfig}s with the SimplePractice
 * {@link #PRESET} — source system {@code simplepractice} (fixed), default type CONSULT, a 5-minute
 * polling floor, and the id rules the feed always had (a single event is its UID, a series instance
 * UID + "/" + its original start; record versions and cursors keep their SimplePractice namespace
 * and prefix, so stored ids, versions and cursors stay valid). Every property is documented on
 * {@link IcsFeedConfig}; {@code clinician-external-id} is the clinician's SimplePractice user id.
 */
public final class SimplePracticeIcsConfig {

  /** The provider type. */
  public static final String TYPE = "simplepractice-ics";

  /** The namespace of SimplePractice record versions (feed and CSV export alike). */
  public static final String VERSION_NAMESPACE = "simplepractice-record-version";

  /** SimplePractice's feed: a preset of the iCalendar feed connector. */
  public static final IcsFeedPreset PRESET = IcsFeedPreset.builder(TYPE, SourceSystem.SIMPLEPRACTICE)
      .vendorName("SimplePractice")
      .defaultType(AppointmentType.CONSULT)
      .uidlessEvents(IcsFeedPreset.UidlessEvents.DERIVE_KEY)
      .versionNamespace(VERSION_NAMESPACE)
      .cursorPrefix("sp-ics1:")
      .build();

  private SimplePracticeIcsConfig() {}

  /**
   * Reads a configuration of type {@value #TYPE}, reporting every problem at once.
   *
   * @throws dev.clinicsync.core.ValidationException naming each missing or invalid property
   */
  public static IcsFeedConfig from(ConnectorConfig c) {
    return IcsFeedConfig.from(c, PRESET);
  }

  /** Parses CONSULT, FOLLOW_UP, ADMIN, PERSONAL (any case) or {@code other:CODE}. */
  static AppointmentType type(String v) {
    return IcsFeedConfig.type(v);
  }
}
