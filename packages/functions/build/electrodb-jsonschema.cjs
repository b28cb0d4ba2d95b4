// What ElectroDB's own `require("jsonschema")` gets in a function's bundle (see esbuild-plugins.mjs):
// a validator that finds nothing to refuse. ElectroDB uses jsonschema for one thing, checking an
// entity's model when the entity is constructed (src/validations.js); our models are constants, and
// every test run constructs each of them through the real jsonschema (the tests are not bundled), so
// a deployed function need not carry 30 KiB to check them again at each cold start.
class Validator {
  addSchema() {}
  validate() {
    return { errors: [] };
  }
}
// ElectroDB registers its custom formats on the prototype before it constructs a validator
Validator.prototype.customFormats = {};
module.exports = { Validator };
