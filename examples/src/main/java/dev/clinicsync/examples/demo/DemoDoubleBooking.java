package dev.clinicsync.examples.demo;

/**
 * A planted true double-booking: two appointments of one clinician from two systems whose times
 * overlap.
 *
 * @param clinician clinician id
 * @param first one side
 * @param second the other side
 */
public record DemoDoubleBooking(String clinician, DemoAppointment first, DemoAppointment second) {}
