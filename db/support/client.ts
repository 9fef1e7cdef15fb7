import "server-only";
import { openDatabase } from "../connection";
import * as schema from "./schema";

export const supportDb = () => openDatabase("support", schema);
export { schema as supportSchema };
