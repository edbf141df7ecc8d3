// Every command module, imported for its registrations.
import "./core";
import "./directory";
import "./portal";
