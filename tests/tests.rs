mod manual;
mod outline;
mod validate;
