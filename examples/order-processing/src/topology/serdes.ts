import { Serdes, type Serde } from '@tributary/streams';
import type { Notification, Order, OrderStatus, PaymentResult, Reservation, StockLevel } from '../domain/order.js';
import type { Inventory, InventoryEvent } from './inventory-topology.js';

/** JSON on the wire for every value: readable with `tributary consume` or kcat. */
export const serdes = {
  key: Serdes.String(),
  order: Serdes.Json<Order>(),
  stock: Serdes.Json<StockLevel>(),
  payment: Serdes.Json<PaymentResult>(),
  reservation: Serdes.Json<Reservation>(),
  notification: Serdes.Json<Notification>(),
  status: Serdes.Json<OrderStatus>(),
  inventoryEvent: Serdes.Json<InventoryEvent>(),
  inventory: Serdes.Json<Inventory>(),
  text: Serdes.String(),
};

/** Defaults for operators that name no serde. */
export const SERDE_DEFAULTS = {
  defaultKeySerde: Serdes.String() as Serde<unknown>,
  defaultValueSerde: Serdes.Json() as Serde<unknown>,
};
