import "server-only";
import { openDatabase } from "../connection";
import * as schema from "./schema";

export const hostingDb = () => openDatabase("hosting", schema);
export { schema as hostingSchema };
