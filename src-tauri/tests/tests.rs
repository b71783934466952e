mod bindings;
mod commands;
mod licenses;
