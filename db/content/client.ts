import "server-only";
import { openDatabase } from "../connection";
import * as schema from "./schema";

export const contentDb = () => openDatabase("content", schema);
export { schema as contentSchema };
