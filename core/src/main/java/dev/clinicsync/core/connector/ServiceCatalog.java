package dev.clinicsync.core.connector;

import java.util.List;

/**
 * The optional catalogue side of a connector: the vendor's list of services or visit types, for
 * hosts that offer them when booking. The coordinator caches it per connector (an hour by
 * default), so an implementation simply asks the vendor each time.
 */
public interface ServiceCatalog {

  /**
   * Every service type the vendor lists for the configured practice, in the vendor's order.
   *
   * @throws dev.clinicsync.core.ConnectorException (a subclass) when the vendor cannot be read
   */
  List<ServiceType> serviceTypes();
}
