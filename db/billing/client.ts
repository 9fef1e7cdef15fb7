import "server-only";
import { openDatabase } from "../connection";
import * as schema from "./schema";

export const billingDb = () => openDatabase("billing", schema);
export { schema as billingSchema };
