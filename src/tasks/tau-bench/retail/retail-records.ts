import type { PyValue } from "../python-value.js";

/**
 * Record shapes of the retail database (`db/users.json`, `orders.json`, `products.json`), as the reference has them.
 * An address holds whatever the model sent (the reference stores argument values as they are).
 */
export interface RetailAddress {
  address1: PyValue;
  address2: PyValue;
  city: PyValue;
  country: PyValue;
  state: PyValue;
  zip: PyValue;
}

export interface RetailPaymentMethod {
  source: string;
  id: string;
  /** Gift cards only. */
  balance?: number;
}

export interface RetailUser {
  name: { first_name: string; last_name: string };
  address: RetailAddress;
  email: string;
  payment_methods: Record<string, RetailPaymentMethod>;
  orders: string[];
}

export interface RetailOrderItem {
  name: string;
  product_id: string;
  item_id: string;
  price: number;
  options: Record<string, string>;
}

export interface RetailTransaction {
  transaction_type: string;
  amount: number;
  payment_method_id: string;
}

export interface RetailOrder {
  order_id: string;
  user_id: string;
  address: RetailAddress;
  items: RetailOrderItem[];
  status: string;
  payment_history: RetailTransaction[];
  [field: string]: unknown;
}

export interface RetailVariant {
  item_id: string;
  options: Record<string, string>;
  available: boolean;
  price: number;
}

export interface RetailProduct {
  name: string;
  product_id: string;
  variants: Record<string, RetailVariant>;
}

/** The retail tables. */
export interface RetailTables {
  users: RetailUser;
  orders: RetailOrder;
  products: RetailProduct;
}

/** Properties whose numbers are Python floats in the retail data (`balance` starts as an int and turns float). */
export const retailFloatKeys: ReadonlySet<string> = new Set(["price", "amount", "exchange_price_difference"]);
