mod outline;
mod validate;
