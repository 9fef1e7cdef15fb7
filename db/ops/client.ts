import "server-only";
import { openDatabase } from "../connection";
import * as schema from "./schema";

export const opsDb = () => openDatabase("ops", schema);
export { schema as opsSchema };
