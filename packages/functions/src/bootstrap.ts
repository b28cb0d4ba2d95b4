/**
 * Imported first by every handler: installs the AWS adapters as the default platform (the local
 * runtime installs its own before any handler loads, and this then leaves it alone).
 */
import "./adapters/aws";
